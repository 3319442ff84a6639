package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The official test vectors of JKoPay's documentation, byte for byte. */
class DigestTests {

    private static final String OFFICIAL_SECRET =
            "r0odDC1e9LHXDmxuvmOv9bgaWLf2CXB2c4gMheoFucVKNMi1K0Id9zwRHJF1r-kdtAKriKgb11VDlo7Kb8R-FQ";

    // Note the single space after "currency": the digest covers the bytes as sent, whitespace included.
    private static final String OFFICIAL_BODY = "{\"platform_order_id\":\"demo-order-001\","
            + "\"store_id\":\"35f12dff-1581-11e9-a054-00505684fd45\",\"currency\": \"TWD\",\"total_price\":10,"
            + "\"final_price\":10,\"unredeem\":10,\"result_display_url\":\"https://display.com\","
            + "\"result_url\":\"https://result-callback.xxx/xxx\"}";

    @Test
    void postBodyVectorMatchesTheDocumentation() {
        assertThat(new Digest(OFFICIAL_SECRET).sign(OFFICIAL_BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("3577609b058ab85c2d0a00a5421a991979ed6b9f549476e9a82476dc1b70d876");
    }

    @Test
    void postBodyDigestChangesWhenOnlyWhitespaceChanges() {
        String withoutSpace = OFFICIAL_BODY.replace("\"currency\": ", "\"currency\":");

        assertThat(new Digest(OFFICIAL_SECRET).sign(withoutSpace))
                .isNotEqualTo("3577609b058ab85c2d0a00a5421a991979ed6b9f549476e9a82476dc1b70d876");
    }

    @Test
    void queryVectorMatchesTheDocumentation() {
        assertThat(new Digest(OFFICIAL_SECRET).sign("platform_order_ids=test123,demo-order-001"))
                .isEqualTo("7778b95890af17c5b41e8cef957f4769e7bfecc79e9f9ee555923293ebd8e880");
    }

    @Test
    void shortSecretQueryVectorMatchesTheDocumentation() {
        assertThat(new Digest("QxN1X").sign("platform_order_ids=87,88"))
                .isEqualTo("a0836fefb028ea7493118c8b5eb6752113f552ac8ef35f3cb8cda91808c77188");
    }

    @Test
    void matchesAcceptsTheRightDigestInAnyCaseAndRejectsOthers() {
        Digest digest = new Digest("QxN1X");
        byte[] query = "platform_order_ids=87,88".getBytes(StandardCharsets.UTF_8);

        assertThat(digest.matches(query, "A0836FEFB028EA7493118C8B5EB6752113F552AC8EF35F3CB8CDA91808C77188"))
                .isTrue();
        assertThat(digest.matches(query, "a0836fefb028ea7493118c8b5eb6752113f552ac8ef35f3cb8cda91808c77189"))
                .isFalse();
        assertThat(digest.matches(query, null)).isFalse();
    }

    @Test
    void toStringAndErrorsNeverShowTheSecret() {
        assertThat(new Digest("QxN1X").toString()).doesNotContain("QxN1X");
        assertThatThrownBy(() -> new Digest("")).isInstanceOf(IllegalArgumentException.class);
    }
}
