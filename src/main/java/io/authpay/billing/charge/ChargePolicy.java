package io.authpay.billing.charge;

import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.subscription.BillingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The one place where the outcome of an attempt, or the answer of an inquiry, becomes a decision about
 * the charge: the design's result-code policy. Plain Java: no clock of its own (the caller passes the
 * {@code now} of its injected {@code Clock}), no I/O.
 *
 * <p>Thread-safe when its {@link RandomGenerator} is (e.g. {@code new java.util.Random()}); the
 * generator only spreads the 307 backoff, and tests pass a fixed one.
 */
final class ChargePolicy {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final RetrySettings settings;
    private final BillingWindow window;
    private final RandomGenerator random;

    public ChargePolicy(RetrySettings settings, BillingWindow window, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.window = Objects.requireNonNull(window, "window");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Decides what follows one attempt of the transaction endpoint.
     *
     * @param outcome what the attempt got back
     * @param counters the retry budgets the charge has used so far
     * @param cycle the period of the binding's {@code billing_cycle}, for 305
     * @param now when the outcome arrived
     */
    public ChargeDecision decide(AttemptOutcome outcome, RetryCounters counters, BillingPeriod cycle, Instant now) {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(now, "now");
        String code = describe(outcome.code());
        return switch (outcome.outcomeClass()) {
            case SUCCEEDED -> ChargeDecision.succeeded("paid (" + code + ")");
            case ALREADY_PAID ->
                ChargeDecision.unknown(
                        now, "JKoPay says this order is already paid (" + code + "); confirming with inquiry first");
            case SOFT_DECLINE -> dunning("declined (" + code + ")", counters, now);
            case QUOTA_DECLINE ->
                ChargeDecision.needsReview(
                        Set.of(),
                        "above the limit the customer set in the JKoPay app (" + code
                                + "); not retried this period: ask the customer to raise the limit");
            case AMOUNT_MISMATCH ->
                ChargeDecision.needsReview(
                        Set.of(FollowUp.REFRESH_BINDING),
                        "the amount differs from the binding's approved amount (" + code
                                + "); refreshing the binding; the same amount is never retried:"
                                + " correct the amount or have the customer bind again");
            case CYCLE_QUOTA -> cycleQuota(code, cycle, now);
            case OUTSIDE_WINDOW -> outsideWindow(code, now);
            case BUSY_AUTH -> busy(code, counters, now);
            case AUTH_REVOKED ->
                ChargeDecision.authRevoked("the binding is invalid or cancelled (" + code
                        + "); the subscription stops and the binding is refreshed; no retry");
            case REQUEST_ERROR ->
                ChargeDecision.needsReview(
                        Set.of(),
                        "JKoPay rejected the request (" + code
                                + "): the request or the merchant configuration is wrong; not retried");
            case UNKNOWN -> unknownOutcome("the outcome is unknown (" + code + ")", now);
            // A refund-only code cannot answer a charge: nobody can say whether money moved, which
            // is exactly UNKNOWN. Inquiry settles it; if it cannot, the charge goes to NEEDS_REVIEW.
            case REFUND_REJECTED ->
                unknownOutcome("a refund-only code answered a charge (" + code + "), which should never happen", now);
        };
    }

    /**
     * Decides what follows when the charge's auth_no lease is held by another run or node (another charge
     * on the auth_no is in flight there). Nothing was sent: the same waits as a 307 ({@code busy-backoff}),
     * counted with them, and then the next sweep.
     */
    public ChargeDecision leaseHeldElsewhere(RetryCounters counters, Instant now) {
        return busy("the auth_no's lease is held by another run or node", counters, now);
    }

    /**
     * Decides what follows a 301/302 that arrived after the run's circuit breaker opened (JKoPay answered
     * 301/302 for many bindings in a row, so it does not know them: a wrong environment, store or a
     * restarted sandbox). Such an answer charged nothing and proves nothing about the customer: the charge
     * stays DUE, the subscription is left as it is, and nobody is revoked.
     */
    public ChargeDecision revocationNotBelieved(AttemptOutcome outcome) {
        return ChargeDecision.dueNextSweep("JKoPay answered " + describe(outcome.code())
                + " while the run was stopping because it answered 301/302 for many bindings in a row;"
                + " nothing was charged, the subscription is not revoked and the charge stays due");
    }

    /**
     * How far to believe inquiry's "not charged" (101, 102) about an attempt. JKoPay may still be working
     * on a call whose answer we gave up waiting for: right after a timeout the order can look unpaid and
     * then be paid a moment later. So "not charged" counts only once the attempt is older than
     * {@code billing.retry.not-charged-retry-delay}; before that it is treated as still processing, asked
     * again, and never answered by a new attempt that could charge the customer twice.
     */
    public InquiryVerdict believable(InquiryVerdict answer, Instant attemptRequestedAt, Instant now) {
        boolean notCharged = answer == InquiryVerdict.NOT_PAID_YET || answer == InquiryVerdict.NO_SUCH_ORDER;
        boolean tooSoon =
                attemptRequestedAt.plus(settings.notChargedRetryDelay()).isAfter(now);
        return notCharged && tooSoon ? InquiryVerdict.PROCESSING : answer;
    }

    /**
     * Decides what follows an inquiry about an attempt whose outcome was not known (UNKNOWN, or 101
     * already paid).
     *
     * @param answer what inquiry said about the attempt's {@code platform_order_id}
     * @param counters the retry budgets used so far; {@code inquiriesUsed} excludes this answer
     * @param now when the answer arrived
     */
    public ChargeDecision settleInquiry(InquiryVerdict answer, RetryCounters counters, Instant now) {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(now, "now");
        return switch (answer) {
            case PAID -> ChargeDecision.succeeded("inquiry confirms the attempt was paid (" + answer.describe() + ")");
            case PAYMENT_FAILED ->
                dunning("inquiry says the payment failed (" + answer.describe() + ")", counters, now);
            case NOT_PAID_YET, NO_SUCH_ORDER -> {
                Instant at = window.nextOpening(now.plus(settings.notChargedRetryDelay()));
                yield ChargeDecision.retryAt(
                        at,
                        false,
                        Set.of(),
                        "inquiry says the attempt did not charge (" + answer.describe() + "); a new attempt at "
                                + format(at));
            }
            case PROCESSING, UNRECOGNISED, INQUIRY_FAILED -> askAgain(answer.describe(), counters, now);
        };
    }

    /**
     * Decides what follows the inquiry that a 305 asked for: whether one of the period's earlier attempts
     * was paid.
     *
     * @param earlierAttempts what inquiry said about each earlier attempt of this charge (maybe none)
     * @param counters the retry budgets used so far; {@code inquiriesUsed} excludes these answers
     * @param deferredUntil the next attempt time the 305 decision set
     * @param now when the answers arrived
     */
    public ChargeDecision settleCycleQuota(
            Collection<InquiryVerdict> earlierAttempts, RetryCounters counters, Instant deferredUntil, Instant now) {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(deferredUntil, "deferredUntil");
        Objects.requireNonNull(now, "now");
        if (earlierAttempts.contains(InquiryVerdict.PAID)) {
            return ChargeDecision.succeeded("an earlier attempt of this period was paid (inquiry status 0);"
                    + " the 305 was that payment counting against the binding's cycle");
        }
        Optional<InquiryVerdict> unsettled =
                earlierAttempts.stream().filter(s -> !s.isSettled()).findFirst();
        if (unsettled.isPresent()) {
            // Deferring now could charge twice if that attempt turns out paid: settle it first.
            return askAgain(
                    "an earlier attempt of this period: " + unsettled.get().describe(), counters, now);
        }
        Instant at = window.nextOpening(deferredUntil);
        return ChargeDecision.retryAt(
                at,
                false,
                Set.of(),
                "no earlier attempt of this period was paid; the binding's cycle quota (305) defers the charge to "
                        + format(at));
    }

    private ChargeDecision dunning(String what, RetryCounters counters, Instant now) {
        List<Duration> delays = settings.dunningDelays();
        int used = counters.dunningAttemptsUsed();
        if (used >= delays.size()) {
            return ChargeDecision.failed(what + " after all " + delays.size()
                    + " dunning retries; this period is given up and the subscription is past due");
        }
        Instant at = window.nextOpening(now.plus(delays.get(used)));
        return ChargeDecision.retryAt(
                at,
                true,
                Set.of(),
                what + "; dunning retry " + (used + 1) + " of " + delays.size() + " at " + format(at));
    }

    private ChargeDecision cycleQuota(String code, BillingPeriod cycle, Instant now) {
        // JKoPay counts billing periods in UTC+8, the window's zone.
        Instant at = window.openingOn(cycle.nextCycleStart(window.dayOf(now)));
        String period = cycle.name().toLowerCase(Locale.ROOT);
        return ChargeDecision.retryAt(
                at,
                false,
                Set.of(FollowUp.INQUIRE_FIRST),
                "the binding's charges for this " + period + " are used up (" + code
                        + "); inquiring this period's earlier attempts, one may have been paid;"
                        + " otherwise deferred to the start of the next " + period + " at " + format(at));
    }

    private ChargeDecision outsideWindow(String code, Instant now) {
        // Strictly after now: when our clock thinks the window is open and JKoPay's does not, retrying at
        // once would only meet 306 again.
        Instant at = window.openingAfter(now);
        return ChargeDecision.retryAt(
                at,
                false,
                Set.of(),
                "outside JKoPay's charging hours (" + code + "); not a failure; deferred to " + format(at));
    }

    private ChargeDecision busy(String why, RetryCounters counters, Instant now) {
        List<Duration> backoff = settings.busyBackoff();
        int used = counters.busyRetriesThisRun();
        String what = AttemptOutcome.NOT_SENT.equals(why)
                ? "the request was never sent (no connection to JKoPay in time)"
                : "another charge on this auth_no is in flight (" + why + ")";
        if (used >= backoff.size()) {
            return ChargeDecision.dueNextSweep(
                    what + " after " + used + " retries in this run; left DUE for the next sweep");
        }
        Duration wait = jittered(backoff.get(used));
        Instant at = now.plus(wait);
        if (!window.contains(at)) {
            return ChargeDecision.dueNextSweep(
                    what + "; the window closes before a retry at " + format(at) + "; left DUE for the next run");
        }
        return ChargeDecision.retryInRun(
                wait,
                at,
                what + "; retry " + (used + 1) + " of " + backoff.size() + " in this run after " + wait.toMillis()
                        + " ms");
    }

    private ChargeDecision unknownOutcome(String what, Instant now) {
        Instant at = now.plus(settings.inquiryDelays().get(0));
        return ChargeDecision.unknown(
                at, what + "; inquiring at " + format(at) + " before anything else, never charging again blindly");
    }

    private ChargeDecision askAgain(String what, RetryCounters counters, Instant now) {
        int made = counters.inquiriesUsed() + 1;
        if (made >= settings.maxInquiries()) {
            return ChargeDecision.needsReview(
                    Set.of(),
                    "still unknown after " + made + " inquiries (last: " + what + "); money may have moved:"
                            + " check the order in JKoPay's merchant portal before charging again");
        }
        List<Duration> delays = settings.inquiryDelays();
        Instant at = now.plus(delays.get(Math.min(made, delays.size() - 1)));
        return ChargeDecision.unknown(
                at,
                "inquiry " + made + " of " + settings.maxInquiries() + " could not settle the attempt (" + what
                        + "); asking again at " + format(at));
    }

    /** Spreads a backoff by ±busyJitterPercent, in whole milliseconds. */
    private Duration jittered(Duration base) {
        long millis = base.toMillis();
        long spread = Math.multiplyExact(millis, (long) settings.busyJitterPercent()) / 100;
        if (spread == 0) {
            return Duration.ofMillis(millis);
        }
        return Duration.ofMillis(millis - spread + random.nextLong(2 * spread + 1));
    }

    private String format(Instant instant) {
        return WHEN.format(instant.atZone(window.zone()));
    }

    private static String describe(String code) {
        return ResultCode.of(code).map(c -> c.code() + " " + c.message()).orElse(code);
    }
}
