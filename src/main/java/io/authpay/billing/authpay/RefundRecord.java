package io.authpay.billing.authpay;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One refund in a transaction's {@code refund_history}: how to tell, after a refund timed out,
 * whether it went through (never by sending a new refund_order_id).
 *
 * @param platformOrderId the refunded order, or null when not repeated
 * @param refundOrderId our id of the refund, or null
 * @param refundTradeNo JKoPay's id of the refund
 * @param time when it was refunded, or null
 * @param amount refunded TWD
 * @param debitAmount the part given back to the payment instrument
 * @param redeemAmount the part given back as coins/coupons
 * @param redeemDetail split of the redeemed part, or null when absent
 */
public record RefundRecord(
        String platformOrderId,
        String refundOrderId,
        String refundTradeNo,
        Instant time,
        long amount,
        long debitAmount,
        long redeemAmount,
        RedeemDetail redeemDetail) {

    static RefundRecord read(JsonNode node) {
        return new RefundRecord(
                AnswerFields.optionalText(node, "platform_order_id"),
                AnswerFields.optionalText(node, "refund_order_id"),
                AnswerFields.text(node, "refund_tradeNo"),
                AnswerFields.optionalTime(node, "time"),
                AnswerFields.amount(node, "amount"),
                AnswerFields.amount(node, "debit_amount"),
                AnswerFields.amount(node, "redeem_amount"),
                RedeemDetail.readOptional(node));
    }
}
