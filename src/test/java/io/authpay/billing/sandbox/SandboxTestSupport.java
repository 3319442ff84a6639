package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.Digest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh sandbox per test on a free port, with a settable clock at Tuesday 2026-12-01 10:00 UTC+8
 * (inside the charge window), and a signed caller pointed at it.
 */
abstract class SandboxTestSupport {

    static final String API_KEY = "test-api-key";
    static final String SECRET = "test-secret-key";
    static final String STORE = "test-store";

    final MutableClock clock = MutableClock.atTaipei("2026-12-01T10:00");
    AuthPaySandbox sandbox;
    SignedHttp http;

    @BeforeEach
    void startSandbox() {
        sandbox = configure(AuthPaySandbox.builder()
                        .apiKey(API_KEY)
                        .secretKey(SECRET)
                        .storeId(STORE)
                        .clock(clock))
                .build()
                .start();
        http = new SignedHttp(sandbox.baseUrl(), API_KEY, new Digest(SECRET), Duration.ofSeconds(10));
    }

    /** Override to change the sandbox's configuration. */
    AuthPaySandbox.Builder configure(AuthPaySandbox.Builder builder) {
        return builder;
    }

    @AfterEach
    void closeSandbox() {
        sandbox.close();
    }

    static String chargeBody(String authNo, String platformOrderId, long amount) {
        return """
                {"auth_no":"%s","order":{"platform_order_id":"%s","trade_name":"Gold plan 2026-12",\
                "currency":"TWD","total_price":%d,"final_price":%d,"unredeem":0}}""".formatted(authNo, platformOrderId, amount, amount);
    }

    static String limitedBody(long amount, String period, int times, String resultUrl) {
        return """
                {"authpay_name":"Gold plan","store_id":"%s","billing_amount":%d,\
                "billing_cycle":{"period":"%s","times":%d},"result_url":"%s"}""".formatted(STORE, amount, period, times, resultUrl);
    }

    /** Creates a binding over HTTP (ungranted unless autoGrant) and returns its auth_no. */
    String createBinding(long amount, String period, int times) {
        SignedHttp.Answer answer = http.post(
                AuthPayEndpoint.CREATE_BINDING, limitedBody(amount, period, times, "https://merchant.example/authpay"));
        assertThat(answer.result()).as(answer.body()).isEqualTo("000");
        return answer.resultObject().get("auth_no").stringValue();
    }

    SignedHttp.Answer charge(String authNo, String platformOrderId, long amount) {
        return http.post(AuthPayEndpoint.CHARGE, chargeBody(authNo, platformOrderId, amount));
    }

    SignedHttp.Answer inquiry(String ids) {
        return http.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=" + ids);
    }

    /** The inquiry status of one order. */
    int inquiryStatus(String platformOrderId) {
        return inquiry(platformOrderId)
                .resultObject()
                .get("transactions")
                .get(0)
                .get("status")
                .intValue();
    }
}
