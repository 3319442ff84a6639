package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.ResultCode;

/**
 * {@code POST /platform/authpay/refund}. A {@code refund_order_id} seen before answers the original
 * refund again and refunds nothing (105 if the amount differs, 201 if it was another order's); an
 * order that is not paid answers 100; an amount that is not positive or exceeds what is left answers
 * 113. Refunds are not limited to the charge window. A refund of an order paid partly with coins and
 * coupons gives back the wallet's part first ({@link Order#redemptionOfRefund}).
 */
final class RefundEndpoint {

    private final Store store;
    private final SandboxLedger ledger;
    private final Ids ids;

    RefundEndpoint(Store store, SandboxLedger ledger, Ids ids) {
        this.store = store;
        this.ledger = ledger;
        this.ids = ids;
    }

    Reply handle(Call call) {
        String platformOrderId = Fields.requiredString(call.body(), "platform_order_id", 60);
        String refundOrderId = Fields.optionalString(call.body(), "refund_order_id", 60);
        long amount = Fields.requiredInteger(call.body(), "refund_amount");
        synchronized (store) {
            SandboxLedger.Refund earlier = refundOrderId == null ? null : store.refund(refundOrderId);
            if (earlier != null) {
                if (!earlier.platformOrderId().equals(platformOrderId)) {
                    throw Rejection.validation("refund_order_id " + refundOrderId + " belongs to another order");
                }
                if (earlier.amount() != amount) {
                    return Reply.of(Envelope.of(ResultCode.INCONSISTENT_REFUND_AMOUNT));
                }
                return Reply.of(Envelope.ok(Wire.refund(earlier)));
            }
            Order order = store.paidOrder(platformOrderId);
            if (order == null) {
                return Reply.of(Envelope.of(ResultCode.ORDER_DOES_NOT_EXIST));
            }
            if (amount <= 0 || amount > order.refundable()) {
                return Reply.of(Envelope.of(ResultCode.REFUND_EXCEEDS_UNREIMBURSED));
            }
            SandboxLedger.Refund refund = new SandboxLedger.Refund(
                    platformOrderId,
                    refundOrderId,
                    ids.refundTradeNo(call.arrival()),
                    amount,
                    call.arrival(),
                    order.redemptionOfRefund(amount));
            store.recordRefund(order, refund);
            ledger.recordRefund(refund);
            return Reply.of(Envelope.ok(Wire.refund(refund)));
        }
    }
}
