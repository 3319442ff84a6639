package io.authpay.billing.sandbox;

/**
 * A binding's {@code billing_cycle}: at most {@code times} charges per UTC+8 {@code period}.
 *
 * @param period the calendar period the quota counts in
 * @param times how many charges one period allows, 1 to {@link SandboxCyclePeriod#maxTimes()}
 */
public record SandboxBillingCycle(SandboxCyclePeriod period, int times) {

    /** Checks JKoPay's limits: {@code times} from 1 to 7, or to 12 for a yearly cycle. */
    public SandboxBillingCycle {
        if (period == null) {
            throw new IllegalArgumentException("billing_cycle.period is required");
        }
        if (times < 1 || times > period.maxTimes()) {
            throw new IllegalArgumentException("billing_cycle.times must be 1 to " + period.maxTimes() + " for "
                    + period.wireName() + ", not " + times);
        }
    }
}
