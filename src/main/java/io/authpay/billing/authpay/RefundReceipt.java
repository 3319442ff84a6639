package io.authpay.billing.authpay;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The {@code result_object} of a successful refund.
 *
 * @param refundTradeNo JKoPay's id of the refund
 * @param debitAmount the part given back to the payment instrument, TWD
 * @param redeemAmount the part given back as coins/coupons, TWD
 * @param redeemDetail split of the redeemed part, or null when absent
 * @param refundTime when it was refunded (UTC+8 on the wire), or null when absent
 */
public record RefundReceipt(
        String refundTradeNo, long debitAmount, long redeemAmount, RedeemDetail redeemDetail, Instant refundTime) {

    static RefundReceipt read(JsonNode resultObject) {
        JsonNode node = AnswerFields.object(resultObject, "result_object");
        return new RefundReceipt(
                AnswerFields.text(node, "refund_tradeNo"),
                AnswerFields.amount(node, "debit_amount"),
                AnswerFields.amount(node, "redeem_amount"),
                RedeemDetail.readOptional(node),
                AnswerFields.optionalTime(node, "refund_time"));
    }

    /** The whole refunded amount. */
    public long amount() {
        return debitAmount + redeemAmount;
    }
}
