package io.authpay.billing.authpay;

/**
 * One charge of a granted binding, in whole TWD. Sent as {@code total_price = final_price = amount},
 * {@code unredeem = 0}, currency {@code TWD}. Checked on construction, before anything is sent.
 *
 * @param authNo the binding to charge (≤ 30)
 * @param platformOrderId our unique id of this attempt: the idempotency key (≤ 60, URL-safe characters)
 * @param tradeName what the customer sees in the app: merchant, plan and period (≤ 30 characters)
 * @param amount TWD, positive; must equal the binding's approved amount or JKoPay answers 304
 */
public record ChargeRequest(String authNo, String platformOrderId, String tradeName, long amount) {

    public ChargeRequest {
        RequestChecks.id(authNo, "auth_no", 30);
        RequestChecks.id(platformOrderId, "platform_order_id", 60);
        RequestChecks.text(tradeName, "trade_name", 30);
        RequestChecks.amount(amount, "amount");
    }
}
