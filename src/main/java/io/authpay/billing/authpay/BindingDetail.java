package io.authpay.billing.authpay;

import tools.jackson.databind.JsonNode;

/**
 * A binding as {@code detail} reports it ({@code result_object.authpay}). JKoPay's own example
 * omits most fields, so everything except {@code auth_no} and {@code status} may be null.
 *
 * @param authNo the binding's id
 * @param status its state; {@link BindingStatus#UNRECOGNISED} for an undocumented value
 * @param rawStatus the status exactly as sent
 * @param type {@code regular} or {@code limited}, or null
 * @param platformAuthpayId the merchant's id of the binding, or null
 * @param jkosAccount the user's JKoPay account, or null
 * @param billingAmount the approved amount per charge, TWD, or null
 * @param billingCurrency {@code TWD}, or null
 * @param billingCycle charges allowed per period, or null
 */
public record BindingDetail(
        String authNo,
        BindingStatus status,
        String rawStatus,
        String type,
        String platformAuthpayId,
        String jkosAccount,
        Long billingAmount,
        String billingCurrency,
        BillingCycle billingCycle) {

    static BindingDetail read(JsonNode resultObject) {
        JsonNode root = AnswerFields.object(resultObject, "result_object");
        JsonNode node = AnswerFields.object(root.get("authpay"), "result_object.authpay");
        String rawStatus = AnswerFields.text(node, "status");
        return new BindingDetail(
                AnswerFields.text(node, "auth_no"),
                BindingStatus.fromWire(rawStatus),
                rawStatus,
                AnswerFields.optionalText(node, "type"),
                AnswerFields.optionalText(node, "platform_authpay_id"),
                AnswerFields.optionalText(node, "jkos_account"),
                AnswerFields.optionalAmount(node, "billing_amount"),
                AnswerFields.optionalText(node, "billing_currency"),
                BillingCycle.readOptional(node));
    }
}
