package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ResultCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class SandboxInquiryIntegrationTests extends SandboxTestSupport {

    @Test
    void aPaidOrderIsStatus0WithItsTransactionAndAmountsAsNumbers() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        String tradeNo = charge(authNo, "87", 499).resultObject().get("tradeNo").stringValue();

        SignedHttp.Answer answer = inquiry("87");

        assertThat(answer.result()).isEqualTo("000");
        JsonNode tx = answer.resultObject().get("transactions").get(0);
        assertThat(tx.get("platform_order_id").stringValue()).isEqualTo("87");
        assertThat(tx.get("status").intValue()).isZero();
        assertThat(tx.get("tradeNo").stringValue()).isEqualTo(tradeNo);
        assertThat(tx.get("trans_time").stringValue()).isEqualTo("2026-12-01 10:00:00");
        assertThat(tx.get("currency").stringValue()).isEqualTo("TWD");
        assertThat(tx.get("final_price").isNumber()).isTrue();
        assertThat(tx.get("final_price").longValue()).isEqualTo(499);
        assertThat(tx.get("redeem_amount").isNumber()).isTrue();
        assertThat(tx.get("redeem_amount").longValue()).isZero();
        assertThat(tx.get("debit_amount").longValue()).isEqualTo(499);
        assertThat(tx.get("redeem_detail").get("store_coupon_amount").longValue())
                .isZero();
        assertThat(tx.get("refund_history").isArray()).isTrue();
    }

    @Test
    void anOrderNeverSeenIsStatus102() {
        JsonNode tx = inquiry("never-sent").resultObject().get("transactions").get(0);

        assertThat(tx.get("platform_order_id").stringValue()).isEqualTo("never-sent");
        assertThat(tx.get("status").intValue()).isEqualTo(102);
    }

    @ParameterizedTest
    @EnumSource(
            value = ResultCode.class,
            names = {"OVER_MONTHLY_LIMIT", "PAYMENT_FAILED", "INSUFFICIENT_BALANCE", "OVER_USER_QUOTA"})
    void anOrderFailedByADeclineCodeIsStatus100(ResultCode decline) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().resultCode(decline, FaultTarget.authNo(authNo));

        assertThat(charge(authNo, "87", 499).result()).isEqualTo(decline.code());

        assertThat(inquiryStatus("87")).isEqualTo(100);
    }

    @Test
    void aDeclinedOrderThatLaterSucceedsIsStatus0() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults()
                .resultCode(
                        ResultCode.PAYMENT_FAILED, FaultTarget.authNo(authNo).times(1));
        charge(authNo, "87", 499);

        assertThat(charge(authNo, "87", 499).result()).isEqualTo("000");
        assertThat(inquiryStatus("87")).isZero();
    }

    @Test
    void ordersRefusedBeforeCreationAreStatus102() {
        String busy = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        String cancelled = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(cancelled);
        String used = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        charge(used, "paid", 499);
        sandbox.faults().resultCode(ResultCode.AUTH_NO_BUSY, FaultTarget.platformOrderId("o-307"));

        assertThat(charge("650660555924205568", "o-301", 499).result()).isEqualTo("301");
        assertThat(charge(cancelled, "o-302", 499).result()).isEqualTo("302");
        assertThat(charge(busy, "o-304", 500).result()).isEqualTo("304");
        assertThat(charge(used, "o-305", 499).result()).isEqualTo("305");
        assertThat(charge(busy, "o-307", 499).result()).isEqualTo("307");
        assertThat(http.post(
                                AuthPayEndpoint.CHARGE,
                                chargeBody(busy, "o-201", 499).replace("TWD", "USD"))
                        .result())
                .isEqualTo("201");
        clock.setTaipei("2026-12-01T21:00");
        assertThat(charge(busy, "o-306", 499).result()).isEqualTo("306");

        JsonNode transactions = inquiry("o-301,o-302,o-304,o-305,o-306,o-307,o-201")
                .resultObject()
                .get("transactions");

        assertThat(transactions).hasSize(7);
        transactions.forEach(
                tx -> assertThat(tx.get("status").intValue()).as(tx.toString()).isEqualTo(102));
    }

    @Test
    void anOrderWhoseChargeIsInFlightIsStatus101() throws Exception {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().latency(Duration.ofSeconds(2));

        CompletableFuture<SignedHttp.Answer> charging =
                http.postAsync(AuthPayEndpoint.CHARGE, chargeBody(authNo, "87", 499));
        int status = inquiryStatus("87");
        for (int i = 0; status == 102 && i < 100; i++) { // until the charge has arrived
            Thread.sleep(10);
            status = inquiryStatus("87");
        }

        assertThat(status).isEqualTo(101);
        assertThat(charging.join().result()).isEqualTo("000");
        assertThat(inquiryStatus("87")).isZero();
    }

    @Test
    void severalOrdersAreAnsweredInTheOrderAsked() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        charge(authNo, "88", 499);

        JsonNode transactions = inquiry("87,88").resultObject().get("transactions");

        assertThat(transactions.get(0).get("platform_order_id").stringValue()).isEqualTo("87");
        assertThat(transactions.get(0).get("status").intValue()).isEqualTo(102);
        assertThat(transactions.get(1).get("platform_order_id").stringValue()).isEqualTo("88");
        assertThat(transactions.get(1).get("status").intValue()).isZero();
    }

    @Test
    void twentyIdsAreAnsweredAndTwentyOneAnswer201() {
        String twenty = IntStream.rangeClosed(1, 20).mapToObj(i -> "o" + i).collect(Collectors.joining(","));

        assertThat(inquiry(twenty).resultObject().get("transactions")).hasSize(20);
        SignedHttp.Answer tooMany = inquiry(twenty + ",o21");
        assertThat(tooMany.result()).isEqualTo("201");
        assertThat(tooMany.message()).startsWith("Validation error: ");
    }

    @Test
    void anInquiryWithoutIdsOrWithAnEmptyIdAnswers201() {
        assertThat(http.get(AuthPayEndpoint.INQUIRY, "").result()).isEqualTo("201");
        assertThat(http.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=").result())
                .isEqualTo("201");
        assertThat(inquiry("87,,88").result()).isEqualTo("201");
    }
}
