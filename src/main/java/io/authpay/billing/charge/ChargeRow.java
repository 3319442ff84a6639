package io.authpay.billing.charge;

import io.authpay.billing.binding.BindingPeriods;
import io.authpay.billing.subscription.BillingPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * A charge as the engine reads it, with what it needs of its subscription and binding.
 *
 * @param bindingPeriod the binding's {@code billing_period} as stored (WEEK, MONTH...), or null before a
 *     detail refresh
 */
record ChargeRow(
        long id,
        long subscriptionId,
        String periodKey,
        LocalDate billingDate,
        String authNo,
        long amount,
        String tradeName,
        ChargeStatus status,
        Instant nextAttemptAt,
        int attempts,
        int dunningAttempts,
        int inquiries,
        LocalDate anchorDate,
        BillingPeriod subscriptionPeriod,
        String subscriptionStatus,
        String bindingPeriod) {

    /** Subscriptions whose charges the daily job attempts; the others keep their charges untouched. */
    static final Set<String> CHARGEABLE_SUBSCRIPTIONS = Set.of("ACTIVE", "PAST_DUE");

    /** The binding's billing cycle, which JKoPay's 305 counts against; the subscription's period before a refresh. */
    BillingPeriod cycle() {
        return bindingPeriod == null
                ? subscriptionPeriod
                : BindingPeriods.cycleOf(bindingPeriod).orElse(subscriptionPeriod);
    }

    /** The retry budgets used so far, with this run's 307 retries. */
    RetryCounters counters(int busyRetriesThisRun) {
        return new RetryCounters(dunningAttempts, busyRetriesThisRun, inquiries);
    }

    /** Whether a new attempt may be made at {@code now}. */
    boolean attemptableAt(Instant now) {
        return (status == ChargeStatus.DUE || status == ChargeStatus.RETRY_SCHEDULED)
                && (nextAttemptAt == null || !nextAttemptAt.isAfter(now))
                && CHARGEABLE_SUBSCRIPTIONS.contains(subscriptionStatus);
    }
}
