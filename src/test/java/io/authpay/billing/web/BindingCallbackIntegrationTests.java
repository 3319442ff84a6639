package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.BillingPeriod;
import io.authpay.billing.authpay.CreateBindingRequest;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.sandbox.BrokenAnswer;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.testing.ServeIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The binding callback: JKoPay (the sandbox) posts it to the node; only what {@code detail} confirms is
 * stored. No operator token.
 */
class BindingCallbackIntegrationTests extends ServeIntegrationTest {

    @Autowired
    BindingService bindings;

    @AfterEach
    void noFaults() {
        SANDBOX.faults().reset();
    }

    @Test
    void theCallbackOfAGrantedBindingIsConfirmedByDetailAndStored() {
        String authNo = createdBinding("shop-" + System.nanoTime());
        assertThat(bindingRow(authNo)).containsEntry("status", "UNGRANTED");

        SANDBOX.grant(authNo); // the user approves; JKoPay posts the result to result_url

        await(
                "the callback to be delivered",
                () -> SANDBOX.ledger().callbacks().stream()
                        .anyMatch(c -> c.authNo().equals(authNo) && c.delivered()));
        assertThat(SANDBOX.ledger().callbacks().stream().filter(c -> c.authNo().equals(authNo)))
                .extracting(SandboxLedger.Callback::httpStatus)
                .containsExactly(200);
        assertThat(bindingRow(authNo)).containsEntry("status", "GRANTED");
        assertThat(bindingRow(authNo).get("refreshed_at")).isNotNull();
    }

    @Test
    void aForgedCallbackThatDetailContradictsChangesNothingButIsAnswered200() {
        String platformId = "shop-" + System.nanoTime();
        String authNo = createdBinding(platformId);
        Map<String, Object> before = bindingRow(authNo);

        Answer forged = post("{\"authpay\": {\"type\": \"limited\", \"status\": \"granted\", \"auth_no\": \"" + authNo
                + "\", \"platform_authpay_id\": \"" + platformId + "\", \"billing_amount\": 499}}");

        assertThat(forged.status()).isEqualTo(200);
        assertThat(forged.json().get("result").asString()).isEqualTo("ignored");
        assertThat(bindingRow(authNo)).isEqualTo(before);
    }

    @Test
    void aCallbackForABindingJKoPayDoesNotKnowCreatesNothing() {
        String unknown = "999" + System.nanoTime() % 1_000_000_000_000L;

        Answer answer = post("{\"authpay\": {\"status\": \"granted\", \"auth_no\": \"" + unknown + "\"}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("result").asString()).isEqualTo("ignored");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM binding WHERE auth_no = ?", Long.class, unknown))
                .isZero();
    }

    @Test
    void aCallbackWhoseBindingIdDisagreesWithDetailIsIgnored() {
        String authNo = createdBinding("shop-" + System.nanoTime());
        SANDBOX.bindings().grant(authNo);
        await("the real callback", () -> "GRANTED".equals(bindingRow(authNo).get("status")));
        jdbc.update("UPDATE binding SET status = 'UNKNOWN' WHERE auth_no = ?", authNo);
        // One detail per auth_no per billing.callback.detail-interval: the forged one comes after it.
        CLOCK.set(CLOCK.instant().plus(java.time.Duration.ofSeconds(31)));

        Answer answer = post("{\"authpay\": {\"status\": \"granted\", \"auth_no\": \"" + authNo
                + "\", \"platform_authpay_id\": \"someone-else\"}}");

        assertThat(answer.json().get("result").asString()).isEqualTo("ignored");
        assertThat(bindingRow(authNo)).containsEntry("status", "UNKNOWN");
    }

    @Test
    void whenJKoPayCannotBeAskedTheCallbackIs503SoThatJKoPayRetriesIt() {
        String authNo = createdBinding("shop-" + System.nanoTime());
        SANDBOX.faults()
                .brokenAnswerWithoutEffect(AuthPayEndpoint.DETAIL, BrokenAnswer.EMPTY_BODY, FaultTarget.authNo(authNo));

        Answer answer = post("{\"authpay\": {\"status\": \"ungranted\", \"auth_no\": \"" + authNo + "\"}}");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("error").asString()).isEqualTo("gateway_unavailable");
        assertThat(bindingRow(authNo)).containsEntry("refreshed_at", null);
        // The series the chart's BillingBindingCallbacksFailing alert counts.
        await(
                "the 503 to be counted by the callback's address",
                () -> call("GET", "/actuator/prometheus", null, null)
                        .body()
                        .lines()
                        .anyMatch(line -> line.startsWith("http_server_requests_seconds_count{")
                                && line.contains("uri=\"/callbacks/authpay/binding\"")
                                && line.contains("status=\"503\"")));
    }

    @Test
    void aBodyThatIsNotACallbackIs400() {
        assertThat(post("this is not json").status()).isEqualTo(400);
        assertThat(post("").status()).isEqualTo(400);
        assertThat(post("[1, 2]").status()).isEqualTo(400);
        Answer noStatus = post("{\"authpay\": {\"auth_no\": \"123\"}}");
        assertThat(noStatus.status()).isEqualTo(400);
        assertThat(noStatus.json().get("error").asString()).isEqualTo("bad_request");
    }

    private Answer post(String body) {
        return call("POST", "/callbacks/authpay/binding", body, null);
    }

    /** A binding created at the sandbox through the service, with this node's callback as result_url. */
    private String createdBinding(String platformAuthpayId) {
        return bindings.create(new CreateBindingRequest(
                        "Gold plan",
                        platformAuthpayId,
                        499,
                        BillingPeriod.MONTH,
                        1,
                        "http://127.0.0.1:" + port + "/callbacks/authpay/binding",
                        null))
                .successValue()
                .orElseThrow()
                .authNo();
    }

    private Map<String, Object> bindingRow(String authNo) {
        return jdbc.queryForMap(
                "SELECT status, platform_authpay_id, jkos_account, refreshed_at FROM binding WHERE auth_no = ?",
                authNo);
    }
}
