package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ResultCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.JacksonException;

class SandboxFaultIntegrationTests extends SandboxTestSupport {

    String authNo;

    @BeforeEach
    void bind() {
        authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
    }

    @Test
    void aFixedLatencyDelaysEveryCharge() {
        sandbox.faults().latency(Duration.ofMillis(400));

        long started = System.nanoTime();
        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.result()).isEqualTo("000");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aRandomLatencyIsAtLeastItsMinimum() {
        sandbox.faults().latency(Duration.ofMillis(200), Duration.ofMillis(300));

        long started = System.nanoTime();
        charge(authNo, "o-1", 499);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void latencyCanApplyToEveryEndpoint() {
        sandbox.faults().latency(Duration.ofMillis(400)).latencyOnAllEndpoints(true);

        long started = System.nanoTime();
        inquiry("o-1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aScriptedCodeForAnAuthNoAnswersEveryChargeOnItAndChargesNothing() {
        String other = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        sandbox.faults().resultCode(ResultCode.INSUFFICIENT_BALANCE, FaultTarget.authNo(authNo));

        SignedHttp.Answer first = charge(authNo, "o-1", 499);
        SignedHttp.Answer second = charge(authNo, "o-2", 499);

        assertThat(first.result()).isEqualTo("121");
        assertThat(first.message()).isEqualTo("Insufficient bank account balance.");
        assertThat(second.result()).isEqualTo("121");
        assertThat(charge(other, "o-3", 499).result()).isEqualTo("000");
        assertThat(sandbox.ledger().chargesFor(authNo)).isEmpty();
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.CHARGE).get(0).fault())
                .isEqualTo(Fault.SCRIPTED_RESULT);
    }

    @Test
    void aScriptedCodeForTheNextNCallsIsSpentAfterThem() {
        sandbox.faults()
                .resultCode(
                        ResultCode.PAYMENT_FAILED, FaultTarget.authNo(authNo).times(2));

        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("115");
        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("115");
        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("000");
    }

    @ParameterizedTest
    @EnumSource(
            value = ResultCode.class,
            names = {"OVER_MONTHLY_LIMIT", "PAYMENT_FAILED", "INSUFFICIENT_BALANCE", "OVER_USER_QUOTA", "AUTH_NO_BUSY"})
    void anyScriptedCodeIsAnsweredWithJKoPaysMessage(ResultCode code) {
        sandbox.faults().resultCode(code, FaultTarget.authNo(authNo));

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.result()).isEqualTo(code.code());
        assertThat(answer.message()).isEqualTo(code.message());
        assertThat(sandbox.ledger().overlaps())
                .as("a scripted 307 is no real overlap")
                .isZero();
    }

    @Test
    void aScriptedCodeNeverHidesARealCheck() {
        sandbox.faults()
                .resultCode(
                        ResultCode.OVER_MONTHLY_LIMIT,
                        FaultTarget.authNo(authNo).times(1));
        clock.setTaipei("2026-12-01T21:00");
        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("306");
        assertThat(charge(authNo, "o-1", 500).result()).isEqualTo("306");

        clock.setTaipei("2026-12-02T09:00");
        assertThat(charge(authNo, "o-1", 500).result()).isEqualTo("304");
        assertThat(charge(authNo, "o-1", 499).result())
                .as("the fault was not spent by 306 or 304")
                .isEqualTo("104");
        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("000");
    }

    @Test
    void aScriptedFractionHitsSomeChargesAndRepeatsWithTheSameSeed() {
        List<String> firstRun = chargeFortyBindingsWithAFractionOfDeclines(sandbox);
        List<String> secondRun;
        try (AuthPaySandbox again = AuthPaySandbox.builder()
                .apiKey(API_KEY)
                .secretKey(SECRET)
                .storeId(STORE)
                .clock(clock)
                .build()
                .start()) {
            http = new SignedHttp(
                    again.baseUrl(), API_KEY, new io.authpay.billing.authpay.Digest(SECRET), Duration.ofSeconds(5));
            secondRun = chargeFortyBindingsWithAFractionOfDeclines(again);
        }

        assertThat(firstRun).contains("000", "115");
        assertThat(secondRun).isEqualTo(firstRun);
    }

    private List<String> chargeFortyBindingsWithAFractionOfDeclines(AuthPaySandbox target) {
        target.faults().resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.fraction(0.5));
        return IntStream.range(0, 40)
                .mapToObj(i -> {
                    String binding = target.bindings().createGranted(100, SandboxCyclePeriod.MONTH, 1);
                    return http.post(AuthPayEndpoint.CHARGE, chargeBody(binding, "f-" + i, 100))
                            .result();
                })
                .toList();
    }

    @Test
    void internalErrorWithoutEffectChargesNothing() {
        sandbox.faults().internalErrorWithoutEffect(FaultTarget.platformOrderId("o-1"));

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.result()).isEqualTo("999");
        assertThat(answer.message()).isEqualTo("Internal Error");
        assertThat(sandbox.ledger().chargeCount("o-1")).isZero();
        assertThat(inquiryStatus("o-1")).isEqualTo(102);
    }

    @Test
    void internalErrorAfterChargeChargesAndAnswers999() {
        sandbox.faults().internalErrorAfterCharge(FaultTarget.authNo(authNo).times(1));

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.result()).isEqualTo("999");
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
        assertThat(inquiryStatus("o-1")).isZero();
        assertThat(charge(authNo, "o-1", 499).result())
                .as("a retry finds it paid")
                .isEqualTo("101");
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.CHARGE).get(0).fault())
                .isEqualTo(Fault.INTERNAL_ERROR_AFTER_CHARGE);
    }

    @Test
    void aTimeoutAfterChargeChargesButTheClientHearsNothing() {
        sandbox.faults().timeoutAfterCharge(Duration.ofSeconds(3), FaultTarget.authNo(authNo));

        assertThatThrownBy(() -> http.withTimeout(Duration.ofMillis(300))
                        .post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "o-1", 499)))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class);

        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
        assertThat(inquiryStatus("o-1")).isZero();
        SandboxLedger.Request logged =
                sandbox.ledger().requests(AuthPayEndpoint.CHARGE).get(0);
        assertThat(logged.result()).isEqualTo("000");
        assertThat(logged.fault()).isEqualTo(Fault.TIMEOUT_AFTER_CHARGE);
    }

    @Test
    void aTimeoutAfterChargeEndsByDroppingTheConnection() {
        sandbox.faults().timeoutAfterCharge(Duration.ofMillis(300), FaultTarget.platformOrderId("o-1"));

        assertThatThrownBy(() -> http.withTimeout(Duration.ofSeconds(10))
                        .post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "o-1", 499)))
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
    }

    @Test
    void aTimeoutAfterChargeDoesNotKeepTheAuthNoBusy() {
        sandbox.faults()
                .timeoutAfterCharge(
                        Duration.ofSeconds(3), FaultTarget.fraction(1.0).times(1));

        assertThatThrownBy(() -> http.withTimeout(Duration.ofMillis(300))
                        .post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "o-1", 499)))
                .hasCauseInstanceOf(HttpTimeoutException.class);

        assertThat(charge(authNo, "o-2", 499).result()).isEqualTo("000");
    }

    @Test
    void anHtml502AfterTheChargeTookEffect() {
        sandbox.faults().brokenAnswer(AuthPayEndpoint.CHARGE, BrokenAnswer.HTML_502, FaultTarget.authNo(authNo));

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).contains("502 Bad Gateway");
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.CHARGE).get(0))
                .extracting(SandboxLedger.Request::result, SandboxLedger.Request::fault)
                .containsExactly("000", Fault.HTML_502);
    }

    @Test
    void anHtml502WithoutEffectChargesNothing() {
        sandbox.faults()
                .brokenAnswerWithoutEffect(AuthPayEndpoint.CHARGE, BrokenAnswer.HTML_502, FaultTarget.authNo(authNo));

        assertThat(charge(authNo, "o-1", 499).status()).isEqualTo(502);
        assertThat(sandbox.ledger().chargeCount("o-1")).isZero();
        assertThat(inquiryStatus("o-1")).isEqualTo(102);
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.CHARGE).get(0))
                .extracting(SandboxLedger.Request::result, SandboxLedger.Request::fault)
                .containsExactly(null, Fault.HTML_502);
    }

    @Test
    void aMalformedJsonAnswerIsCutOff() {
        sandbox.faults()
                .brokenAnswer(
                        AuthPayEndpoint.CHARGE,
                        BrokenAnswer.MALFORMED_JSON,
                        FaultTarget.fraction(1.0).times(1));

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).startsWith("{\"result\":\"000\"");
        assertThatThrownBy(answer::json).isInstanceOf(JacksonException.class);
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
        assertThat(charge(authNo, "o-2", 499).json().get("result").stringValue())
                .isEqualTo("000");
    }

    @Test
    void anEmptyAnswerHasNoBody() {
        sandbox.faults()
                .brokenAnswerWithoutEffect(
                        AuthPayEndpoint.CHARGE, BrokenAnswer.EMPTY_BODY, FaultTarget.platformOrderId("o-1"));

        SignedHttp.Answer answer = charge(authNo, "o-1", 499);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(sandbox.ledger().chargeCount("o-1")).isZero();
    }

    @Test
    void brokenAnswersAreScriptedPerEndpoint() {
        charge(authNo, "o-1", 499);
        sandbox.faults()
                .brokenAnswer(AuthPayEndpoint.INQUIRY, BrokenAnswer.HTML_502, FaultTarget.platformOrderId("o-1"))
                .brokenAnswer(AuthPayEndpoint.DETAIL, BrokenAnswer.EMPTY_BODY, FaultTarget.authNo(authNo))
                .brokenAnswer(AuthPayEndpoint.REFUND, BrokenAnswer.MALFORMED_JSON, FaultTarget.authNo(authNo));

        assertThat(inquiry("o-1").status()).isEqualTo(502);
        assertThat(inquiry("o-2").result()).as("another order").isEqualTo("000");
        assertThat(http.get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo).body()).isEmpty();
        assertThat(charge(authNo, "o-3", 499).result()).as("another endpoint").isEqualTo("000");
        SignedHttp.Answer refund = http.post(
                AuthPayEndpoint.REFUND,
                "{\"platform_order_id\":\"o-1\",\"refund_order_id\":\"r-1\",\"refund_amount\":99}");
        assertThatThrownBy(refund::json).isInstanceOf(JacksonException.class);
        assertThat(sandbox.ledger().refundsFor("o-1"))
                .as("the refund took effect")
                .hasSize(1);
    }

    @Test
    void bindingEndpointsCanAnswerBrokenWithoutEffect() {
        sandbox.faults()
                .brokenAnswerWithoutEffect(
                        AuthPayEndpoint.CREATE_BINDING, BrokenAnswer.HTML_502, FaultTarget.everyCall())
                .brokenAnswerWithoutEffect(AuthPayEndpoint.CANCEL, BrokenAnswer.EMPTY_BODY, FaultTarget.authNo(authNo));

        assertThat(http.post(AuthPayEndpoint.CREATE_BINDING, limitedBody(10, "month", 1, "https://m.example/r"))
                        .status())
                .isEqualTo(502);
        assertThat(http.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"" + authNo + "\"}")
                        .body())
                .isEmpty();
        assertThat(sandbox.bindings().all()).hasSize(1);
        assertThat(sandbox.bindings().find(authNo).orElseThrow().status()).isEqualTo(SandboxBindingStatus.GRANTED);
    }

    @Test
    void resetClearsEveryFault() {
        sandbox.faults()
                .latency(Duration.ofSeconds(5))
                .resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.everyCall())
                .brokenAnswer(AuthPayEndpoint.INQUIRY, BrokenAnswer.HTML_502, FaultTarget.everyCall());

        sandbox.faults().reset();

        long started = System.nanoTime();
        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("000");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(inquiry("o-1").result()).isEqualTo("000");
    }
}
