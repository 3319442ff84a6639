package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class SandboxTransactionIntegrationTests extends SandboxTestSupport {

    @Test
    void chargeAnswersTheTransactionWithAmountsAsStringsAndLandsInTheLedger() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        SignedHttp.Answer answer = charge(authNo, "sub-42-2026-12-a1", 499);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.result()).isEqualTo("000");
        assertThat(answer.message()).isNull();
        JsonNode tx = answer.resultObject();
        assertThat(tx.get("platform_order_id").stringValue()).isEqualTo("sub-42-2026-12-a1");
        assertThat(tx.get("status").intValue()).isZero();
        assertThat(tx.get("tradeNo").stringValue()).matches("J\\d{19}");
        assertThat(tx.get("trans_time").stringValue()).isEqualTo("2026-12-01 10:00:00");
        assertThat(tx.get("currency").stringValue()).isEqualTo("TWD");
        assertThat(tx.get("final_price").isString()).isTrue();
        assertThat(tx.get("final_price").stringValue()).isEqualTo("499");
        assertThat(tx.get("redeem_amount").stringValue()).isEqualTo("0");
        assertThat(tx.get("debit_amount").stringValue()).isEqualTo("499");
        assertThat(tx.get("redeem_detail").get("jko_coin_amount").intValue()).isZero();
        assertThat(tx.get("redeem_detail").get("official_coupon_amount").intValue())
                .isZero();
        assertThat(tx.get("redeem_detail").get("store_coupon_amount").intValue())
                .isZero();
        assertThat(tx.get("refund_history").isArray()).isTrue();
        assertThat(tx.get("refund_history").isEmpty()).isTrue();
        assertThat(tx.get("invoice_vehicle").isString()).isTrue();
        assertThat(tx.get("maskNo").isNull()).isTrue();
        assertThat(tx.get("channel_type").stringValue()).isEqualTo("account");

        assertThat(sandbox.ledger().chargesFor(authNo))
                .containsExactly(new SandboxLedger.Charge(
                        "sub-42-2026-12-a1",
                        authNo,
                        499,
                        "Gold plan 2026-12",
                        tx.get("tradeNo").stringValue(),
                        clock.instant(),
                        SandboxLedger.Redemption.NONE));
        assertThat(sandbox.ledger().chargeCount("sub-42-2026-12-a1")).isEqualTo(1);
    }

    @Test
    void everyChargeGetsItsOwnTradeNumber() {
        String first = sandbox.bindings().createGranted(100, SandboxCyclePeriod.MONTH, 1);
        String second = sandbox.bindings().createGranted(100, SandboxCyclePeriod.MONTH, 1);

        String a = charge(first, "o-1", 100).resultObject().get("tradeNo").stringValue();
        String b = charge(second, "o-2", 100).resultObject().get("tradeNo").stringValue();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void unknownAuthNoAnswers301() {
        SignedHttp.Answer answer = charge("650660555924205568", "o-1", 499);

        assertThat(answer.result()).isEqualTo("301");
        assertThat(answer.message()).isEqualTo("Invalid auth_no");
        assertThat(answer.resultObject().isNull()).isTrue();
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @Test
    void ungrantedBindingAnswers301UntilTheUserApproves() {
        String authNo = createBinding(499, "month", 1);

        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("301");
        sandbox.grant(authNo);
        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("000");
    }

    @Test
    void cancelledBindingAnswers302() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(authNo);

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.result()).isEqualTo("302");
        assertThat(answer.message()).isEqualTo("Canceled auth_no");
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T07:59:59", "2026-12-01T20:00:00", "2026-12-01T23:30:00", "2026-12-02T03:00:00"})
    void chargeOutsideEightToEightTaipeiTimeAnswers306(String taipeiTime) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        clock.setTaipei(taipeiTime);

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.result()).isEqualTo("306");
        assertThat(answer.message())
                .isEqualTo("Authpay payment transaction time invalid.(Available at 08:00 - 20:00 UTC+8)");
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T08:00:00", "2026-12-01T19:59:59"})
    void chargeAtTheEdgesOfTheWindowIsAccepted(String taipeiTime) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        clock.setTaipei(taipeiTime);

        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("000");
    }

    @Test
    void cancelledBindingAnswers302EvenOutsideTheWindow() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(authNo);
        clock.setTaipei("2026-12-01T21:00");

        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("302");
    }

    @Test
    void twoConcurrentChargesOnOneAuthNoGiveOne307AndOneCharge() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        sandbox.faults().latency(Duration.ofMillis(1500));

        CompletableFuture<SignedHttp.Answer> first =
                http.postAsync(AuthPayEndpoint.CHARGE, chargeBody(authNo, "o-1", 499));
        CompletableFuture<SignedHttp.Answer> second =
                http.postAsync(AuthPayEndpoint.CHARGE, chargeBody(authNo, "o-2", 499));

        List<String> results = List.of(first.join().result(), second.join().result());
        assertThat(results).containsExactlyInAnyOrder("000", "307");
        assertThat(sandbox.ledger().chargesFor(authNo)).hasSize(1);
        assertThat(sandbox.ledger().overlaps(authNo)).isEqualTo(1);
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.CHARGE))
                .extracting(SandboxLedger.Request::result, SandboxLedger.Request::fault)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("000", null),
                        org.assertj.core.groups.Tuple.tuple("307", null));
    }

    @Test
    void concurrentChargesOnDifferentAuthNosDoNotBlockEachOther() {
        String one = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        String other = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().latency(Duration.ofMillis(500));

        CompletableFuture<SignedHttp.Answer> first =
                http.postAsync(AuthPayEndpoint.CHARGE, chargeBody(one, "o-1", 499));
        CompletableFuture<SignedHttp.Answer> second =
                http.postAsync(AuthPayEndpoint.CHARGE, chargeBody(other, "o-2", 499));

        assertThat(first.join().result()).isEqualTo("000");
        assertThat(second.join().result()).isEqualTo("000");
        assertThat(sandbox.ledger().overlaps()).isZero();
    }

    @Test
    void aFinishedChargeNoLongerHoldsItsAuthNo() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 2);

        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("000");
        assertThat(charge(authNo, "o-2", 499).result()).isEqualTo("000");
        assertThat(sandbox.ledger().overlaps(authNo)).isZero();
    }

    @Test
    void chargingAPaidOrderAgainAnswers101AndChargesNothing() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        charge(authNo, "o-1", 499);

        SignedHttp.Answer again = charge(authNo, "o-1", 499);

        assertThat(again.result()).isEqualTo("101");
        assertThat(again.message()).isEqualTo("Order has been paid");
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
    }

    @Test
    void anAmountOtherThanTheApprovedOneAnswers304() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        SignedHttp.Answer answer = charge(authNo, "o-1", 500);

        assertThat(answer.result()).isEqualTo("304");
        assertThat(answer.message()).isEqualTo("Order finalPrice is not consistent with authpay billing amount");
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @Test
    void aSecondChargeInTheSameMonthAnswers305AndTheNextMonthIsFree() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        assertThat(charge(authNo, "o-dec-1", 499).result()).isEqualTo("000");

        clock.setTaipei("2026-12-31T19:00");
        SignedHttp.Answer sameMonth = charge(authNo, "o-dec-2", 499);
        clock.setTaipei("2027-01-01T08:00");
        SignedHttp.Answer nextMonth = charge(authNo, "o-jan-1", 499);

        assertThat(sameMonth.result()).isEqualTo("305");
        assertThat(sameMonth.message()).isEqualTo("Authpay payment exceeds current billing cycle times");
        assertThat(nextMonth.result()).isEqualTo("000");
        assertThat(sandbox.ledger().chargesFor(authNo))
                .extracting(SandboxLedger.Charge::platformOrderId)
                .containsExactly("o-dec-1", "o-jan-1");
    }

    @Test
    void aWeeklyCycleRunsMondayToSunday() {
        String authNo = sandbox.bindings().createGranted(99, SandboxCyclePeriod.WEEK, 1);
        clock.setTaipei("2026-12-06T10:00"); // Sunday
        assertThat(charge(authNo, "w-1", 99).result()).isEqualTo("000");

        clock.setTaipei("2026-12-06T19:00");
        assertThat(charge(authNo, "w-2", 99).result()).isEqualTo("305");
        clock.setTaipei("2026-12-07T08:00"); // Monday
        assertThat(charge(authNo, "w-3", 99).result()).isEqualTo("000");
    }

    @Test
    void aQuarterlyCycleAllowsItsTimesPerCalendarQuarter() {
        String authNo = sandbox.bindings().createGranted(1200, SandboxCyclePeriod.QUARTER, 2);
        clock.setTaipei("2026-10-01T09:00");
        assertThat(charge(authNo, "q-1", 1200).result()).isEqualTo("000");
        clock.setTaipei("2026-11-15T09:00");
        assertThat(charge(authNo, "q-2", 1200).result()).isEqualTo("000");

        clock.setTaipei("2026-12-31T09:00");
        assertThat(charge(authNo, "q-3", 1200).result()).isEqualTo("305");
        clock.setTaipei("2027-01-01T09:00");
        assertThat(charge(authNo, "q-4", 1200).result()).isEqualTo("000");
    }

    @Test
    void aYearlyCycleCountsTheCalendarYear() {
        String authNo = sandbox.bindings().createGranted(4990, SandboxCyclePeriod.YEAR, 1);
        clock.setTaipei("2026-01-02T09:00");
        assertThat(charge(authNo, "y-1", 4990).result()).isEqualTo("000");

        clock.setTaipei("2026-12-31T19:59");
        assertThat(charge(authNo, "y-2", 4990).result()).isEqualTo("305");
        clock.setTaipei("2027-01-01T08:00");
        assertThat(charge(authNo, "y-3", 4990).result()).isEqualTo("000");
    }

    @Test
    void theCycleQuotaCountsOnlyItsOwnAuthNo() {
        String one = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        String other = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        assertThat(charge(one, "o-1", 499).result()).isEqualTo("000");
        assertThat(charge(other, "o-2", 499).result()).isEqualTo("000");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"TWD\",\"total_price\":499,\"final_price\":499}}",
                "{\"auth_no\":\"%s\"}",
                "{\"auth_no\":\"%s\",\"order\":{\"trade_name\":\"t\",\"currency\":\"TWD\",\"total_price\":499,\"final_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"currency\":\"TWD\",\"total_price\":499,\"final_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"1234567890123456789012345678901\",\"currency\":\"TWD\",\"total_price\":499,\"final_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"USD\",\"total_price\":499,\"final_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"total_price\":499,\"final_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"TWD\",\"final_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"TWD\",\"total_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"TWD\",\"total_price\":499,\"final_price\":499.5}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"TWD\",\"total_price\":499,\"final_price\":\"499\"}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"TWD\",\"total_price\":-1,\"final_price\":499}}",
                "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"o-1\",\"trade_name\":\"t\",\"currency\":\"TWD\",\"total_price\":499,\"final_price\":499,\"products\":\"x\"}}"
            })
    void anInvalidChargeRequestAnswers201AndChargesNothing(String template) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        SignedHttp.Answer answer = http.post(AuthPayEndpoint.CHARGE, template.formatted(authNo));

        assertThat(answer.result()).isEqualTo("201");
        assertThat(answer.message()).startsWith("Validation error: ");
        assertThat(sandbox.ledger().charges()).isEmpty();
        assertThat(charge(authNo, "o-1", 499).result())
                .as("the binding is untouched")
                .isEqualTo("000");
    }

    @Test
    void aTradeNameOfThirtyChineseCharactersFitsAndThirtyOneDoNot() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        String thirty = "金".repeat(30);
        String body = "{\"auth_no\":\"%s\",\"order\":{\"platform_order_id\":\"%s\",\"trade_name\":\"%s\","
                + "\"currency\":\"TWD\",\"total_price\":499,\"final_price\":499}}";

        SignedHttp.Answer tooLong = http.post(AuthPayEndpoint.CHARGE, body.formatted(authNo, "o-1", thirty + "金"));
        SignedHttp.Answer fits = http.post(AuthPayEndpoint.CHARGE, body.formatted(authNo, "o-2", thirty));

        assertThat(tooLong.result()).isEqualTo("201");
        assertThat(tooLong.message()).contains("trade_name");
        assertThat(fits.result()).isEqualTo("000");
        assertThat(sandbox.ledger().chargesFor(authNo).get(0).tradeName()).isEqualTo(thirty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "", "{\"auth_no\":"})
    void aBodyThatIsNotAJsonObjectAnswers200BadRequest(String body) {
        SignedHttp.Answer answer = http.post(AuthPayEndpoint.CHARGE, body);

        assertThat(answer.result()).isEqualTo("200");
        assertThat(answer.message()).isEqualTo("Bad request");
        assertThat(answer.resultObject().isNull()).isTrue();
    }
}
