package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.Digest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox restarted with the same state file still knows the bindings, orders and refunds of the one
 * before; without a file a restart forgets them (and then answers 301, as a JKoPay that does not know them).
 */
class SandboxStateIntegrationTests extends SandboxTestSupport {

    @TempDir
    Path dir;

    @Test
    void aRestartWithTheSameStateFileKeepsBindingsOrdersAndRefunds() {
        Path state = dir.resolve("sandbox-state.json");
        String authNo;
        try (AuthPaySandbox first = restarted(state)) {
            SignedHttp api = client(first);
            authNo = api.post(
                            AuthPayEndpoint.CREATE_BINDING,
                            limitedBody(499, "month", 2, "https://merchant.example/authpay"))
                    .resultObject()
                    .get("auth_no")
                    .stringValue();
            first.grant(authNo);
            assertThat(api.post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "ord-1", 499))
                            .result())
                    .isEqualTo("000");
            assertThat(api.post(AuthPayEndpoint.REFUND, """
                            {"platform_order_id":"ord-1","refund_amount":100,"refund_order_id":"ord-1-r1"}""").result()).isEqualTo("000");
        }

        try (AuthPaySandbox second = restarted(state)) {
            SignedHttp api = client(second);

            var detail = api.get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo);
            assertThat(detail.result()).as(detail.body()).isEqualTo("000");
            assertThat(detail.resultObject().get("authpay").get("status").stringValue())
                    .isEqualTo("granted");
            var paid = api.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=ord-1")
                    .resultObject()
                    .get("transactions")
                    .get(0);
            assertThat(paid.get("status").intValue()).isZero();
            assertThat(paid.get("refund_history").size()).isEqualTo(1);
            // The cycle quota counts the charge made before the restart: one more this month, then 303.
            assertThat(api.post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "ord-2", 499))
                            .result())
                    .isEqualTo("000");
            assertThat(api.post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "ord-3", 499))
                            .result())
                    .isNotEqualTo("000");
        }
    }

    @Test
    void aRestartKeepsWhatCoinsAndCouponsPaidAndWhatRefundsGaveBack() {
        Path state = dir.resolve("sandbox-state.json");
        String authNo;
        try (AuthPaySandbox first = restarted(state, 1)) {
            authNo = first.bindings().createGranted(1000, SandboxCyclePeriod.MONTH, 7);
            SignedHttp api = client(first);
            assertThat(api.post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "ord-1", 1000))
                            .result())
                    .isEqualTo("000");
            assertThat(api.post(AuthPayEndpoint.REFUND, """
                            {"platform_order_id":"ord-1","refund_amount":920,"refund_order_id":"ord-1-r1"}""").result()).isEqualTo("000");
        }

        try (AuthPaySandbox second = restarted(state, 0)) {
            var paid = client(second)
                    .get(AuthPayEndpoint.INQUIRY, "platform_order_ids=ord-1")
                    .resultObject()
                    .get("transactions")
                    .get(0);
            assertThat(paid.get("redeem_amount").longValue()).isEqualTo(100);
            assertThat(paid.get("redeem_detail").get("jko_coin_amount").longValue())
                    .isEqualTo(50);
            assertThat(paid.get("refund_history").get(0).get("redeem_amount").longValue())
                    .isEqualTo(20);
            // the rest of the refund takes what coins and coupons are left, as before the restart
            var rest = client(second).post(AuthPayEndpoint.REFUND, """
                    {"platform_order_id":"ord-1","refund_amount":80,"refund_order_id":"ord-1-r2"}""");
            assertThat(rest.resultObject()
                            .get("redeem_detail")
                            .get("jko_coin_amount")
                            .longValue())
                    .isEqualTo(30);
            assertThat(rest.resultObject()
                            .get("redeem_detail")
                            .get("official_coupon_amount")
                            .longValue())
                    .isEqualTo(50);
        }
    }

    @Test
    void withoutAStateFileARestartForgetsTheBindings() {
        String authNo;
        try (AuthPaySandbox first = restarted(null)) {
            authNo = first.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        }
        try (AuthPaySandbox second = restarted(null)) {
            assertThat(client(second)
                            .get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo)
                            .result())
                    .isEqualTo("301");
        }
    }

    private AuthPaySandbox restarted(Path state) {
        return restarted(state, 0);
    }

    private AuthPaySandbox restarted(Path state, int redeemEvery) {
        return AuthPaySandbox.builder()
                .redeemEvery(redeemEvery)
                .apiKey(API_KEY)
                .secretKey(SECRET)
                .storeId(STORE)
                .clock(clock)
                .stateFile(state)
                .build()
                .start();
    }

    private static SignedHttp client(AuthPaySandbox sandbox) {
        return new SignedHttp(sandbox.baseUrl(), API_KEY, new Digest(SECRET), Duration.ofSeconds(10));
    }
}
