package io.authpay.billing.authpay;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The {@code result_object} of a created binding: the link the user opens to authorize. URLs can be
 * longer than 255 characters.
 *
 * @param authNo the binding's id, to charge it once granted
 * @param authpayUrl the page the user opens
 * @param qrImg a QR code of that page, or null
 * @param qrTimeout when the link expires (about 20 minutes), or null
 */
public record BindingLink(String authNo, String authpayUrl, String qrImg, Instant qrTimeout) {

    static BindingLink read(JsonNode resultObject) {
        JsonNode node = AnswerFields.object(resultObject, "result_object");
        return new BindingLink(
                AnswerFields.text(node, "auth_no"),
                AnswerFields.text(node, "authpay_url"),
                AnswerFields.optionalText(node, "qr_img"),
                AnswerFields.optionalEpochMillis(node, "qr_timeout"));
    }
}
