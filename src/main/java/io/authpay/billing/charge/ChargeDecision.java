package io.authpay.billing.charge;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ChargePolicy} decided about a charge after one attempt or one inquiry. The job records it
 * and does the follow-ups; it does not second-guess it.
 *
 * @param status the charge's new status
 * @param nextAttemptAt when to act next: for RETRY_SCHEDULED the next attempt (always inside the
 *     window), for UNKNOWN the next inquiry (any hour), for DUE the in-run retry time or null (next
 *     sweep); null for the final statuses
 * @param subscriptionEffect what happens to the subscription
 * @param followUps what the job must do besides recording the status
 * @param retryNowAfter with {@link FollowUp#RETRY_NOW_AFTER}, how long to wait before retrying in this
 *     run; null otherwise
 * @param dunningAttemptConsumed whether this decision schedules one of the dunning retries (the job adds
 *     one to {@link RetryCounters#dunningAttemptsUsed()})
 * @param reason one sentence for the operator: what happened and what comes next
 */
record ChargeDecision(
        ChargeStatus status,
        Instant nextAttemptAt,
        SubscriptionEffect subscriptionEffect,
        Set<FollowUp> followUps,
        Duration retryNowAfter,
        boolean dunningAttemptConsumed,
        String reason) {

    public ChargeDecision {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subscriptionEffect, "subscriptionEffect");
        Objects.requireNonNull(followUps, "followUps");
        followUps =
                followUps.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(followUps));
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("every charge decision needs a reason for the operator");
        }
        switch (status) {
            case IN_FLIGHT ->
                throw new IllegalArgumentException("a decision follows an attempt; it is never IN_FLIGHT");
            case RETRY_SCHEDULED, UNKNOWN -> Objects.requireNonNull(nextAttemptAt, () -> status + " needs a time");
            case SUCCEEDED, NEEDS_REVIEW, FAILED, CANCELED -> {
                if (nextAttemptAt != null) {
                    throw new IllegalArgumentException(status + " has no next attempt");
                }
            }
            case DUE -> {}
        }
        if (followUps.contains(FollowUp.RETRY_NOW_AFTER) != (retryNowAfter != null)) {
            throw new IllegalArgumentException(
                    "retryNowAfter goes with the RETRY_NOW_AFTER follow-up, and only with it");
        }
        if (retryNowAfter != null && retryNowAfter.isNegative()) {
            throw new IllegalArgumentException("retryNowAfter cannot be negative: " + retryNowAfter);
        }
        if (dunningAttemptConsumed && status != ChargeStatus.RETRY_SCHEDULED) {
            throw new IllegalArgumentException("only a scheduled retry consumes a dunning attempt");
        }
        if ((status == ChargeStatus.SUCCEEDED) != (subscriptionEffect == SubscriptionEffect.ADVANCE)) {
            throw new IllegalArgumentException("a paid charge, and only a paid one, advances the subscription");
        }
    }

    /** Paid: advance the subscription, never charge this period again. */
    static ChargeDecision succeeded(String reason) {
        return new ChargeDecision(
                ChargeStatus.SUCCEEDED, null, SubscriptionEffect.ADVANCE, Set.of(), null, false, reason);
    }

    /** Try again at {@code at}. */
    static ChargeDecision retryAt(Instant at, boolean dunningAttemptConsumed, Set<FollowUp> followUps, String reason) {
        return new ChargeDecision(
                ChargeStatus.RETRY_SCHEDULED,
                at,
                SubscriptionEffect.NONE,
                followUps,
                null,
                dunningAttemptConsumed,
                reason);
    }

    /** Try again in this run after {@code wait}; if the run ends first, the next sweep picks it up. */
    static ChargeDecision retryInRun(Duration wait, Instant at, String reason) {
        return new ChargeDecision(
                ChargeStatus.DUE, at, SubscriptionEffect.NONE, Set.of(FollowUp.RETRY_NOW_AFTER), wait, false, reason);
    }

    /** Still owed; the next sweep attempts it. */
    static ChargeDecision dueNextSweep(String reason) {
        return new ChargeDecision(ChargeStatus.DUE, null, SubscriptionEffect.NONE, Set.of(), null, false, reason);
    }

    /** Nobody knows whether money moved: inquire at {@code inquireAt} before anything else. */
    static ChargeDecision unknown(Instant inquireAt, String reason) {
        return new ChargeDecision(
                ChargeStatus.UNKNOWN,
                inquireAt,
                SubscriptionEffect.NONE,
                Set.of(FollowUp.INQUIRE_FIRST),
                null,
                false,
                reason);
    }

    /** Stop until an operator looks. */
    static ChargeDecision needsReview(Set<FollowUp> followUps, String reason) {
        return new ChargeDecision(
                ChargeStatus.NEEDS_REVIEW, null, SubscriptionEffect.NONE, followUps, null, false, reason);
    }

    /** Give up on this period: the subscription is past due. */
    static ChargeDecision failed(String reason) {
        return new ChargeDecision(
                ChargeStatus.FAILED, null, SubscriptionEffect.PAST_DUE, Set.of(), null, false, reason);
    }

    /** Never charge it: the binding is gone. */
    static ChargeDecision authRevoked(String reason) {
        return new ChargeDecision(
                ChargeStatus.CANCELED,
                null,
                SubscriptionEffect.AUTH_REVOKED,
                Set.of(FollowUp.REFRESH_BINDING),
                null,
                false,
                reason);
    }

    /** Whether the job must do {@code followUp}. */
    public boolean has(FollowUp followUp) {
        return followUps.contains(followUp);
    }
}
