package io.authpay.billing.authpay;

import java.util.Objects;

/**
 * A request for a limited binding: the user approves {@code amount} TWD per charge, at most {@code
 * times} charges per {@code period}. The store id comes from the client's configuration.
 *
 * @param name shown to the user ({@code authpay_name}, ≤ 60 characters)
 * @param platformAuthpayId the merchant's own unique id of the binding, or null (≤ 60)
 * @param amount the approved amount per charge ({@code billing_amount}), TWD
 * @param period the calendar period of the cycle
 * @param times charges allowed per period: 1–7 for week, month and quarter, 1–12 for year
 * @param resultUrl where JKoPay POSTs the binding result (≤ 500)
 * @param resultDisplayUrl where the user's browser goes afterwards, or null (≤ 500)
 */
public record CreateBindingRequest(
        String name,
        String platformAuthpayId,
        long amount,
        BillingPeriod period,
        int times,
        String resultUrl,
        String resultDisplayUrl) {

    public CreateBindingRequest {
        RequestChecks.text(name, "authpay_name", 60);
        if (platformAuthpayId != null) {
            RequestChecks.text(platformAuthpayId, "platform_authpay_id", 60);
        }
        RequestChecks.amount(amount, "billing_amount");
        Objects.requireNonNull(period, "billing_cycle.period");
        if (times < 1 || times > period.maxTimes()) {
            throw new IllegalArgumentException("billing_cycle.times must be 1 to " + period.maxTimes() + " for "
                    + period.wireValue() + ", was " + times);
        }
        RequestChecks.url(resultUrl, "result_url");
        if (resultDisplayUrl != null) {
            RequestChecks.url(resultDisplayUrl, "result_display_url");
        }
    }

    /** The cycle as sent. */
    public BillingCycle billingCycle() {
        return new BillingCycle(period, times);
    }
}
