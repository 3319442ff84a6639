package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class SandboxRefundIntegrationTests extends SandboxTestSupport {

    String authNo;

    @BeforeEach
    void payAnOrder() {
        authNo = sandbox.bindings().createGranted(1000, SandboxCyclePeriod.MONTH, 7);
        assertThat(charge(authNo, "87", 1000).result()).isEqualTo("000");
    }

    SignedHttp.Answer refund(String platformOrderId, String refundOrderId, long amount) {
        String id = refundOrderId == null ? "" : ",\"refund_order_id\":\"" + refundOrderId + "\"";
        return http.post(
                AuthPayEndpoint.REFUND,
                "{\"platform_order_id\":\"" + platformOrderId + "\"" + id + ",\"refund_amount\":" + amount + "}");
    }

    @Test
    void aRefundAnswersItsTradeNumberAndAmountsAsNumbers() {
        clock.advance(Duration.ofMinutes(20));

        SignedHttp.Answer answer = refund("87", "87001", 100);

        assertThat(answer.result()).isEqualTo("000");
        JsonNode refund = answer.resultObject();
        assertThat(refund.get("refund_tradeNo").stringValue()).startsWith("K");
        assertThat(refund.get("debit_amount").isNumber()).isTrue();
        assertThat(refund.get("debit_amount").longValue()).isEqualTo(100);
        assertThat(refund.get("redeem_amount").longValue()).isZero();
        assertThat(refund.get("redeem_detail").get("jko_coin_amount").longValue())
                .isZero();
        assertThat(refund.get("refund_time").stringValue()).isEqualTo("2026-12-01 10:20:00");
        assertThat(sandbox.ledger().refundsFor("87"))
                .containsExactly(new SandboxLedger.Refund(
                        "87",
                        "87001",
                        refund.get("refund_tradeNo").stringValue(),
                        100,
                        clock.instant(),
                        SandboxLedger.Redemption.NONE));
    }

    @Test
    void theRefundAppearsInTheOrdersRefundHistory() {
        String refundTradeNo =
                refund("87", "87001", 100).resultObject().get("refund_tradeNo").stringValue();

        JsonNode history =
                inquiry("87").resultObject().get("transactions").get(0).get("refund_history");

        assertThat(history).hasSize(1);
        JsonNode entry = history.get(0);
        assertThat(entry.get("platform_order_id").stringValue()).isEqualTo("87");
        assertThat(entry.get("refund_order_id").stringValue()).isEqualTo("87001");
        assertThat(entry.get("refund_tradeNo").stringValue()).isEqualTo(refundTradeNo);
        assertThat(entry.get("time").stringValue()).isEqualTo("2026-12-01 10:00:00");
        assertThat(entry.get("amount").longValue()).isEqualTo(100);
        assertThat(entry.get("debit_amount").longValue()).isEqualTo(100);
        assertThat(entry.get("redeem_amount").longValue()).isZero();
        assertThat(entry.get("redeem_detail").isObject()).isTrue();
    }

    @Test
    void aRepeatedRefundOrderIdAnswersTheOriginalRefundAndRefundsOnce() {
        SignedHttp.Answer first = refund("87", "87001", 100);

        SignedHttp.Answer again = refund("87", "87001", 100);

        assertThat(again.result()).isEqualTo("000");
        assertThat(again.resultObject()).isEqualTo(first.resultObject());
        assertThat(sandbox.ledger().refundsFor("87")).hasSize(1);
    }

    @Test
    void aRepeatedRefundOrderIdWithAnotherAmountAnswers105() {
        refund("87", "87001", 100);

        SignedHttp.Answer again = refund("87", "87001", 200);

        assertThat(again.result()).isEqualTo("105");
        assertThat(sandbox.ledger().refundsFor("87")).hasSize(1);
    }

    @Test
    void aRefundOrderIdOfAnotherOrderAnswers201() {
        charge(authNo, "88", 1000);
        refund("87", "87001", 100);

        assertThat(refund("88", "87001", 100).result()).isEqualTo("201");
        assertThat(sandbox.ledger().refundsFor("88")).isEmpty();
    }

    @Test
    void refundsMayAddUpToTheChargeAndNotBeyond() {
        assertThat(refund("87", "r1", 600).result()).isEqualTo("000");
        assertThat(refund("87", "r2", 400).result()).isEqualTo("000");

        SignedHttp.Answer beyond = refund("87", "r3", 1);

        assertThat(beyond.result()).isEqualTo("113");
        assertThat(beyond.message()).isEqualTo("Refund reject due to refund amount exceeds total unreimbursed amount.");
        assertThat(sandbox.ledger().refundsFor("87"))
                .extracting(SandboxLedger.Refund::amount)
                .containsExactly(600L, 400L);
    }

    @ParameterizedTest
    @ValueSource(longs = {1001, 0, -5})
    void aRefundAmountThatIsNotPositiveOrExceedsTheChargeAnswers113(long amount) {
        assertThat(refund("87", "r1", amount).result()).isEqualTo("113");
        assertThat(sandbox.ledger().refunds()).isEmpty();
    }

    @Test
    void aRefundWithoutRefundOrderIdIsRecordedWithoutOne() {
        assertThat(refund("87", null, 100).result()).isEqualTo("000");
        assertThat(refund("87", null, 100).result())
                .as("no id, nothing to be idempotent on")
                .isEqualTo("000");

        assertThat(sandbox.ledger().refundsFor("87"))
                .extracting(SandboxLedger.Refund::refundOrderId)
                .containsExactly(null, null);
    }

    @Test
    void refundingAnOrderThatWasNeverPaidAnswers100() {
        sandbox.faults()
                .resultCode(io.authpay.billing.authpay.ResultCode.PAYMENT_FAILED, FaultTarget.platformOrderId("89"));
        charge(authNo, "89", 1000);

        assertThat(refund("unknown", "r1", 100).result()).isEqualTo("100");
        SignedHttp.Answer declined = refund("89", "r2", 100);
        assertThat(declined.result()).isEqualTo("100");
        assertThat(declined.message()).isEqualTo("Order does not exist");
    }

    @Test
    void refundsAreNotBoundToTheChargeWindow() {
        clock.setTaipei("2026-12-01T23:00");

        assertThat(refund("87", "r1", 100).result()).isEqualTo("000");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"refund_amount\":100}",
                "{\"platform_order_id\":\"87\"}",
                "{\"platform_order_id\":\"87\",\"refund_amount\":10.5}",
                "{\"platform_order_id\":\"87\",\"refund_amount\":\"100\"}",
                "{\"platform_order_id\":87,\"refund_amount\":100}"
            })
    void anInvalidRefundRequestAnswers201(String body) {
        assertThat(http.post(AuthPayEndpoint.REFUND, body).result()).isEqualTo("201");
        assertThat(sandbox.ledger().refunds()).isEmpty();
    }
}
