package io.authpay.billing.authpay;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One order of an inquiry answer.
 *
 * @param platformOrderId our order id
 * @param status what JKoPay knows of it
 * @param rawStatus the status number exactly as sent (useful when {@link InquiryStatus#UNRECOGNISED})
 * @param transaction the payment when {@code status} is {@link InquiryStatus#SUCCESS}, else null
 */
public record InquiryItem(String platformOrderId, InquiryStatus status, int rawStatus, Transaction transaction) {

    /** The payment, present only for a paid order. */
    public Optional<Transaction> paid() {
        return Optional.ofNullable(transaction);
    }

    static InquiryItem read(JsonNode node) {
        int rawStatus = AnswerFields.status(node, "status");
        InquiryStatus status = InquiryStatus.of(rawStatus);
        return new InquiryItem(
                AnswerFields.text(node, "platform_order_id"),
                status,
                rawStatus,
                // A paid order without readable payment fields is not "paid": the whole answer is malformed.
                status == InquiryStatus.SUCCESS ? Transaction.read(node) : null);
    }

    /** The {@code result_object} of an inquiry: {@code {"transactions": [...]}}. */
    static List<InquiryItem> readAll(JsonNode resultObject) {
        JsonNode node = AnswerFields.object(resultObject, "result_object");
        if (AnswerFields.absent(node.get("transactions"))) {
            throw new MalformedAnswerException("result_object.transactions is missing");
        }
        return AnswerFields.list(node, "transactions", InquiryItem::read);
    }
}
