package io.authpay.billing.charge;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.ChargeRequest;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.authpay.Transaction;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.metrics.BillingMetrics;
import io.authpay.billing.system.BillingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Charges one charge once: under the auth_no lease, settles what an earlier attempt may have done, writes
 * the attempt, calls the transaction endpoint, records the outcome with {@link ChargePolicy}'s decision,
 * and does the decision's follow-ups (inquiry, binding refresh, an in-run retry after a 307).
 */
@Component
class ChargeProcessor {

    private static final Logger log = LoggerFactory.getLogger(ChargeProcessor.class);
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,24}");

    private final ChargeStore store;
    private final BindingLease lease;
    private final InquirySettler settler;
    private final ChargePolicy policy;
    private final ObjectProvider<AuthPayClient> gateway;
    private final BindingService bindings;
    private final Clock clock;
    private final BillingMetrics metrics;
    private final String orderIdPrefix;
    private final Supplier<String> installation;

    ChargeProcessor(
            ChargeStore store,
            BindingLease lease,
            InquirySettler settler,
            ChargePolicy policy,
            ObjectProvider<AuthPayClient> gateway,
            BindingService bindings,
            Clock clock,
            BillingProperties properties,
            BillingMetrics metrics) {
        this.store = store;
        this.lease = lease;
        this.settler = settler;
        this.policy = policy;
        this.gateway = gateway;
        this.bindings = bindings;
        this.clock = clock;
        this.metrics = metrics;
        this.orderIdPrefix = properties.charge().orderIdPrefix();
        this.installation = SingletonSupplier.of(store::installationId);
        if (!PREFIX.matcher(orderIdPrefix).matches()) {
            throw new IllegalArgumentException(
                    "billing.charge.order-id-prefix must be 1–24 letters, digits, '-' or '_', was \"" + orderIdPrefix
                            + "\"");
        }
    }

    /** What the run lends the processing of one charge. */
    interface RunContext {
        /** Checked right before every transaction call: the window (with its guard), a stop, the breaker. */
        boolean mayStartCall();

        /**
         * Every transaction call's outcome, as soon as it is known (the circuit breaker, the summary).
         * Returns whether the run's circuit breaker is open afterwards: a 301/302 that arrives then is not
         * believed (see {@link ChargePolicy#revocationNotBelieved}).
         */
        boolean attempted(AttemptOutcome outcome);

        /** A charge became SUCCEEDED, paying {@code amount} TWD. */
        void paid(long amount);
    }

    /** How processing a charge ended, for the run. */
    enum Ending {
        /** The charge was worked on (attempted, settled or decided); the run is done with it. */
        DONE,
        /** Nothing to do: the charge is no longer due, or is not ours to charge. */
        NOT_DUE,
        /** The run may not start calls any more; the charge is left as it was. */
        NOT_STARTED,
        /** Retry in this run at {@link Result#retryAt()} (a 307, or the lease held elsewhere). */
        RETRY,
        /** The lease stayed held elsewhere through every retry of this run; the next sweep tries again. */
        LEFT_FOR_NEXT_SWEEP
    }

    /** @param retryAt with {@link Ending#RETRY}, when; else null */
    record Result(Ending ending, Instant retryAt) {
        static final Result DONE = new Result(Ending.DONE, null);
        static final Result NOT_DUE = new Result(Ending.NOT_DUE, null);
        static final Result NOT_STARTED = new Result(Ending.NOT_STARTED, null);
        static final Result LEFT_FOR_NEXT_SWEEP = new Result(Ending.LEFT_FOR_NEXT_SWEEP, null);
    }

    /**
     * The deterministic, unique order id of one attempt: {@code <prefix><installation>-<charge id>-<attempt
     * no>}, e.g. {@code ab3f9c2a1b-42-1}. The installation id (sql/V4) keeps two databases from ever
     * sending the same id to one JKoPay store.
     */
    String platformOrderId(long chargeId, int attemptNo) {
        return orderIdPrefix + installation.get() + "-" + chargeId + "-" + attemptNo;
    }

    /**
     * Works on one charge.
     *
     * @param busyRetriesThisRun 307 retries (or busy leases) this charge already had in this run
     */
    Result process(long chargeId, int busyRetriesThisRun, RunContext run) {
        Optional<ChargeRow> read = store.find(chargeId);
        if (read.isEmpty() || !read.get().attemptableAt(clock.instant())) {
            return Result.NOT_DUE;
        }
        Optional<BindingLease.Lease> held = lease.acquire(read.get().authNo());
        if (held.isEmpty()) {
            // Another node (or run) has a charge on this auth_no in flight: the same wait as a 307.
            metrics.leaseContended();
            ChargeDecision busy = policy.leaseHeldElsewhere(read.get().counters(busyRetriesThisRun), clock.instant());
            return busy.has(FollowUp.RETRY_NOW_AFTER)
                    ? new Result(Ending.RETRY, busy.nextAttemptAt())
                    : Result.LEFT_FOR_NEXT_SWEEP;
        }
        try {
            return underLease(chargeId, busyRetriesThisRun, run, held.get());
        } finally {
            lease.release(held.get());
        }
    }

    private Result underLease(long chargeId, int busyRetriesThisRun, RunContext run, BindingLease.Lease held) {
        // We hold the lease: a charge of this auth_no still IN_FLIGHT was left by a process whose lease expired.
        int abandoned = lease.abandonInFlight(held);
        if (abandoned > 0) {
            log.warn(
                    "{} charges on auth_no {} were left in flight by a dead process; inquiry settles them",
                    abandoned,
                    held.authNo());
        }
        ChargeRow charge = store.find(chargeId).orElseThrow();
        if (!charge.attemptableAt(clock.instant())) {
            return Result.NOT_DUE;
        }
        InquirySettler.PaidListener paid = paidListener(run);
        List<AttemptRow> attempts = store.attempts(chargeId);
        boolean leaseAged = false;
        if (attempts.stream().anyMatch(AttemptRow::unsettled)) {
            leaseAged = true; // the inquiry below takes time out of the lease
            // An earlier attempt may have taken the money: ask before sending anything new.
            if (!lease.renew(held)) {
                return Result.NOT_STARTED;
            }
            settler.settleBeforeAttempt(charge, attempts, paid);
            charge = store.find(chargeId).orElseThrow();
            if (!charge.attemptableAt(clock.instant())
                    || store.attempts(chargeId).stream().anyMatch(AttemptRow::unsettled)) {
                return Result.DONE;
            }
        }
        ChargeRequest request;
        try {
            request = new ChargeRequest(
                    charge.authNo(),
                    platformOrderId(charge.id(), charge.attempts() + 1),
                    charge.tradeName(),
                    charge.amount());
        } catch (IllegalArgumentException e) {
            return unsendable(charge, e);
        }
        // A lease just taken has all its time left; one that waited for an inquiry is renewed first.
        if (!run.mayStartCall() || (leaseAged && !lease.renew(held))) {
            return Result.NOT_STARTED;
        }
        Optional<AttemptRow> begun = store.begin(charge, request.platformOrderId(), clock.instant());
        if (begun.isEmpty()) {
            return Result.NOT_DUE;
        }
        ChargeStore.AttemptResult result = call(request);
        ChargeDecision decision = decide(charge, result, busyRetriesThisRun, run);
        return afterCall(charge, begun.get(), result, decision, run, held);
    }

    /** What a claimed charge's call came to: an answer for the group commit, or done here (a rare path). */
    record Called(ChargeStore.Completion completion, Result result) {}

    /**
     * Calls JKoPay for a charge the run claimed (IN_FLIGHT, its attempt row committed, its lease held).
     * The common answers (paid, a plain decline) come back as a {@link ChargeStore.Completion} for the
     * run's group commit, which records them and gives the lease back; every other answer is recorded here,
     * one charge at a time with its follow-ups, and the lease given back. A call that may no longer start
     * (the window, a stop, the breaker) is not made, and the claim is taken back. A claim that {@code waited}
     * for a call slot long enough to eat into its lease has the lease renewed first, so that the lease
     * still outlives the call; one lost meanwhile means no call.
     */
    Called callClaimed(ChargeStore.Claimed claimed, int busyRetriesThisRun, RunContext run, Duration waited) {
        ChargeRow charge = claimed.charge();
        ChargeRequest request;
        try {
            request =
                    new ChargeRequest(charge.authNo(), claimed.platformOrderId(), charge.tradeName(), charge.amount());
        } catch (IllegalArgumentException e) {
            store.unclaim(claimed);
            return new Called(null, unsendable(charge, e));
        }
        if (!run.mayStartCall() || (lease.agedBy(waited) && !lease.renew(claimed.lease()))) {
            store.unclaim(claimed);
            return new Called(null, Result.NOT_STARTED);
        }
        ChargeStore.AttemptResult result = call(request);
        ChargeDecision decision = decide(charge, result, busyRetriesThisRun, run);
        if (groupCommitted(result, decision)) {
            return new Called(new ChargeStore.Completion(claimed, result, decision), null);
        }
        AttemptRow attempt = new AttemptRow(
                0, charge.id(), claimed.attemptNo(), claimed.platformOrderId(), null, null, null, claimed.at());
        try {
            return new Called(null, afterCall(charge, attempt, result, decision, run, claimed.lease()));
        } finally {
            lease.release(claimed.lease());
        }
    }

    /**
     * Whether an answer takes the common path, recorded by the group commit: paid or a plain decline, which
     * settle the attempt and need nothing else done. 307, 305, 301/302, unknown outcomes and everything with
     * a follow-up are recorded one by one.
     */
    static boolean groupCommitted(ChargeStore.AttemptResult result, ChargeDecision decision) {
        OutcomeClass outcome = result.outcome().outcomeClass();
        return result.settled()
                && decision.followUps().isEmpty()
                && (outcome == OutcomeClass.SUCCEEDED || outcome == OutcomeClass.SOFT_DECLINE)
                && decision.subscriptionEffect() != SubscriptionEffect.AUTH_REVOKED;
    }

    private ChargeDecision decide(
            ChargeRow charge, ChargeStore.AttemptResult result, int busyRetriesThisRun, RunContext run) {
        metrics.chargeAttempted(
                result.outcome().outcomeClass(), result.outcome().code());
        boolean breakerOpen = run.attempted(result.outcome());
        return breakerOpen && result.outcome().outcomeClass() == OutcomeClass.AUTH_REVOKED
                ? policy.revocationNotBelieved(result.outcome())
                : policy.decide(
                        result.outcome(), charge.counters(busyRetriesThisRun), charge.cycle(), result.completedAt());
    }

    /** Records an answered call one charge at a time and does its decision's follow-ups under the lease. */
    private Result afterCall(
            ChargeRow charge,
            AttemptRow attempt,
            ChargeStore.AttemptResult result,
            ChargeDecision decision,
            RunContext run,
            BindingLease.Lease held) {
        if (!store.complete(charge, attempt, result, decision)) {
            log.warn(
                    "charge {} was moved on while attempt {} was in flight; inquiry settles it",
                    charge.id(),
                    attempt.platformOrderId());
            return Result.DONE;
        }
        log.info("charge {} attempt {}: {}", charge.id(), attempt.platformOrderId(), decision.reason());
        if (decision.status() == ChargeStatus.SUCCEEDED) {
            run.paid(result.paid() == null ? charge.amount() : result.paid().finalPrice());
        }
        InquirySettler.PaidListener paid = paidListener(run);
        if (decision.has(FollowUp.REFRESH_BINDING) && lease.renew(held)) {
            refreshBinding(charge.authNo());
        }
        if (decision.has(FollowUp.INQUIRE_FIRST) && lease.renew(held)) {
            // UNKNOWN (and 101): ask about this attempt at once; 305: ask about the earlier attempts.
            settler.settleNow(charge.id(), decision.status(), paid);
        }
        if (decision.has(FollowUp.RETRY_NOW_AFTER)) {
            return new Result(Ending.RETRY, decision.nextAttemptAt());
        }
        return Result.DONE;
    }

    private ChargeStore.AttemptResult call(ChargeRequest request) {
        long started = System.nanoTime();
        GatewayResult<Transaction> result;
        try {
            result = gateway.getObject().charge(request);
        } catch (RuntimeException e) {
            // The client turns every transport failure into a result; anything else is a bug, after
            // which nobody can say whether the request went out.
            log.error("charge {} failed in the client", request.platformOrderId(), e);
            return new ChargeStore.AttemptResult(
                    AttemptOutcome.unknown("CLIENT_ERROR"),
                    null,
                    e.toString(),
                    "CLIENT_ERROR",
                    null,
                    clock.instant(),
                    (System.nanoTime() - started) / 1_000_000,
                    false);
        }
        AttemptOutcome outcome = outcome(result);
        String message;
        String unknownReason = null;
        if (result instanceof GatewayResult.Answered<Transaction> answered) {
            message = answered.message();
        } else {
            GatewayResult.Unknown<Transaction> unknown = (GatewayResult.Unknown<Transaction>) result;
            message = unknown.describe();
            unknownReason = unknown.reason().name();
        }
        return new ChargeStore.AttemptResult(
                outcome,
                result.code(),
                message,
                unknownReason,
                result.successValue().orElse(null),
                clock.instant(),
                result.latency().toMillis(),
                settles(outcome.outcomeClass()));
    }

    /** The outcome of a gateway result: its code's class, or UNKNOWN (labelled) when nobody knows. */
    static AttemptOutcome outcome(GatewayResult<?> result) {
        if (result instanceof GatewayResult.Unknown<?> unknown) {
            if (!unknown.reason().requestSent()) {
                return AttemptOutcome.notSent();
            }
            if (unknown.code() != null && !unknown.code().isBlank()) {
                return new AttemptOutcome(OutcomeClass.UNKNOWN, unknown.code());
            }
            return AttemptOutcome.unknown(
                    unknown.httpStatus() != null
                            ? "HTTP " + unknown.httpStatus()
                            : unknown.reason().name());
        }
        return AttemptOutcome.of(result.code());
    }

    /** Whether an answer of this class proves what the attempt did; the others are settled by inquiry. */
    private static boolean settles(OutcomeClass outcomeClass) {
        return switch (outcomeClass) {
            case UNKNOWN, ALREADY_PAID, REFUND_REJECTED -> false;
            case SUCCEEDED,
                    SOFT_DECLINE,
                    QUOTA_DECLINE,
                    AMOUNT_MISMATCH,
                    CYCLE_QUOTA,
                    OUTSIDE_WINDOW,
                    BUSY_AUTH,
                    AUTH_REVOKED,
                    REQUEST_ERROR -> true;
        };
    }

    private void refreshBinding(String authNo) {
        try {
            GatewayResult<?> detail = bindings.refresh(authNo);
            if (!detail.succeeded()) {
                log.warn("could not refresh binding {}: {}", authNo, detail.describe());
            }
        } catch (RuntimeException e) {
            log.warn("could not refresh binding {}", authNo, e);
        }
    }

    /** A charge whose request cannot even be built (e.g. a trade name too long) waits for an operator. */
    private Result unsendable(ChargeRow charge, IllegalArgumentException e) {
        ChargeDecision review = ChargeDecision.needsReview(
                Set.of(), "the charge cannot be sent to JKoPay: " + e.getMessage() + "; correct it and set it DUE");
        store.settle(charge, charge.status(), List.of(), review, false, clock.instant());
        log.warn("charge {}: {}", charge.id(), review.reason());
        return Result.DONE;
    }

    private static InquirySettler.PaidListener paidListener(RunContext run) {
        return (charge, paid) -> run.paid(paid == null ? charge.amount() : paid.finalPrice());
    }
}
