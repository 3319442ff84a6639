package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request checks and the exact bytes that go on the wire. */
class AuthPayRequestTests {

    @Test
    void chargeBodyHasTheDocumentedShapeInUtf8() {
        byte[] body = RequestBodies.charge(
                new ChargeRequest("650660555924205568", "sub-42-2026-12-a1", "金卡方案 2026年12月", 499));

        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("{\"auth_no\":\"650660555924205568\",\"order\":{\"platform_order_id\":\"sub-42-2026-12-a1\","
                        + "\"trade_name\":\"金卡方案 2026年12月\",\"currency\":\"TWD\",\"total_price\":499,"
                        + "\"final_price\":499,\"unredeem\":0}}");
    }

    @Test
    void createBindingBodyCarriesStoreIdAndCycle() {
        CreateBindingRequest request = new CreateBindingRequest(
                "Gold plan", "sub-42", 499, BillingPeriod.MONTH, 1, "https://m.example/cb", null);

        assertThat(new String(RequestBodies.createBinding(request, "store-9"), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"authpay_name\":\"Gold plan\",\"store_id\":\"store-9\",\"platform_authpay_id\":\"sub-42\","
                                + "\"billing_amount\":499,\"billing_currency\":\"TWD\",\"billing_cycle\":{\"period\":\"month\","
                                + "\"times\":1},\"result_url\":\"https://m.example/cb\"}");
    }

    @Test
    void refundAndCancelBodiesAndQueries() {
        assertThat(new String(RequestBodies.refund(new RefundRequest("o-1", "r-1", 100)), StandardCharsets.UTF_8))
                .isEqualTo("{\"platform_order_id\":\"o-1\",\"refund_order_id\":\"r-1\",\"refund_amount\":100}");
        assertThat(new String(RequestBodies.cancel("955886860685246464"), StandardCharsets.UTF_8))
                .isEqualTo("{\"auth_no\":\"955886860685246464\"}");
        assertThat(RequestBodies.inquiryQuery(List.of("87", "88"))).isEqualTo("platform_order_ids=87,88");
        assertThat(RequestBodies.detailQuery("955886860685246464")).isEqualTo("auth_no=955886860685246464");
    }

    @Test
    void tradeNameLimitCountsCharactersNotBytes() {
        String thirtyChinese = "訂".repeat(30);

        assertThatNoException().isThrownBy(() -> new ChargeRequest("1", "o-1", thirtyChinese, 1));
        assertThatThrownBy(() -> new ChargeRequest("1", "o-1", thirtyChinese + "訂", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trade_name has 31 characters");
        // A character outside the BMP is one character, two chars in Java.
        assertThatNoException().isThrownBy(() -> new ChargeRequest("1", "o-1", "😀".repeat(30), 1));
    }

    @Test
    void platformOrderIdIsAtMostSixtyUrlSafeCharacters() {
        assertThatNoException().isThrownBy(() -> new ChargeRequest("1", "a".repeat(60), "t", 1));
        assertThatThrownBy(() -> new ChargeRequest("1", "a".repeat(61), "t", 1))
                .hasMessageContaining("platform_order_id");
        assertThatThrownBy(() -> new ChargeRequest("1", "a,b", "t", 1)).hasMessageContaining("platform_order_id");
        assertThatThrownBy(() -> new ChargeRequest("1", "a b", "t", 1)).hasMessageContaining("platform_order_id");
    }

    @Test
    void amountsMustBePositive() {
        assertThatThrownBy(() -> new ChargeRequest("1", "o", "t", 0)).hasMessageContaining("amount");
        assertThatThrownBy(() -> new RefundRequest("o", null, -1)).hasMessageContaining("refund_amount");
    }

    @Test
    void cycleTimesFollowThePeriodLimits() {
        assertThatNoException()
                .isThrownBy(() -> new CreateBindingRequest("n", null, 1, BillingPeriod.YEAR, 12, "https://x/cb", null));
        assertThatThrownBy(() -> new CreateBindingRequest("n", null, 1, BillingPeriod.MONTH, 8, "https://x/cb", null))
                .hasMessageContaining("billing_cycle.times must be 1 to 7");
        assertThatThrownBy(() -> new CreateBindingRequest("n", null, 1, BillingPeriod.WEEK, 0, "https://x/cb", null))
                .hasMessageContaining("billing_cycle.times");
        assertThatThrownBy(() -> new CreateBindingRequest("n", null, 1, BillingPeriod.WEEK, 1, "not a url", null))
                .hasMessageContaining("result_url");
    }
}
