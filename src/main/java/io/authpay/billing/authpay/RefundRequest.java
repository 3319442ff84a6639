package io.authpay.billing.authpay;

/**
 * A refund of (part of) a paid order. A {@code refundOrderId} is used once: after a refund timed out,
 * look at the order's {@code refund_history} (inquiry) instead of sending a new id, which would
 * refund twice.
 *
 * @param platformOrderId the paid order (≤ 60)
 * @param refundOrderId our unique id of this refund, or null (≤ 60, URL-safe characters)
 * @param amount TWD to refund, positive
 */
public record RefundRequest(String platformOrderId, String refundOrderId, long amount) {

    public RefundRequest {
        RequestChecks.id(platformOrderId, "platform_order_id", 60);
        if (refundOrderId != null) {
            RequestChecks.id(refundOrderId, "refund_order_id", 60);
        }
        RequestChecks.amount(amount, "refund_amount");
    }
}
