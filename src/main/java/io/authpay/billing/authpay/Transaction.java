package io.authpay.billing.authpay;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A paid order: the {@code result_object} of a successful charge, and the paid items of an inquiry.
 * Settle money by {@link #debitAmount()}: the redeemed part is not paid out to the merchant.
 *
 * @param platformOrderId our order id
 * @param status JKoPay's order status ({@code 0} when paid)
 * @param tradeNo JKoPay's transaction id
 * @param transTime when it was paid ({@code trans_time}, read as UTC+8)
 * @param currency {@code TWD}, or null when absent
 * @param finalPrice what the order cost, TWD; always {@code redeemAmount + debitAmount}
 * @param redeemAmount the part paid with coins and coupons
 * @param redeemDetail split of the redeemed part, or null when absent
 * @param debitAmount the part paid with the user's account, bank or card: the merchant's money
 * @param refundHistory refunds so far, oldest first as sent
 * @param channelType {@code account}, {@code bank} or {@code creditcard}, or null
 * @param maskNo masked card or account number, or null
 * @param invoiceVehicle the user's e-invoice carrier, or null
 */
public record Transaction(
        String platformOrderId,
        int status,
        String tradeNo,
        Instant transTime,
        String currency,
        long finalPrice,
        long redeemAmount,
        RedeemDetail redeemDetail,
        long debitAmount,
        List<RefundRecord> refundHistory,
        String channelType,
        String maskNo,
        String invoiceVehicle) {

    public Transaction {
        refundHistory = List.copyOf(refundHistory);
    }

    /** Reads a transaction object; its amounts must add up. */
    static Transaction read(JsonNode node) {
        AnswerFields.object(node, "transaction");
        long finalPrice = AnswerFields.amount(node, "final_price");
        long redeemAmount = AnswerFields.amount(node, "redeem_amount");
        long debitAmount = AnswerFields.amount(node, "debit_amount");
        if (finalPrice != redeemAmount + debitAmount) {
            // Money we cannot account for: better unknown (and reviewed) than recorded wrong.
            throw new MalformedAnswerException("final_price " + finalPrice + " is not redeem_amount " + redeemAmount
                    + " + debit_amount " + debitAmount);
        }
        return new Transaction(
                AnswerFields.text(node, "platform_order_id"),
                AnswerFields.status(node, "status"),
                AnswerFields.text(node, "tradeNo"),
                AnswerFields.time(node, "trans_time"),
                AnswerFields.optionalText(node, "currency"),
                finalPrice,
                redeemAmount,
                RedeemDetail.readOptional(node),
                debitAmount,
                AnswerFields.list(node, "refund_history", RefundRecord::read),
                AnswerFields.optionalText(node, "channel_type"),
                AnswerFields.optionalText(node, "maskNo"),
                AnswerFields.optionalText(node, "invoice_vehicle"));
    }

    /** What is left to refund: the final price minus every refund so far. */
    public long refundableAmount() {
        return finalPrice
                - refundHistory.stream().mapToLong(RefundRecord::amount).sum();
    }
}
