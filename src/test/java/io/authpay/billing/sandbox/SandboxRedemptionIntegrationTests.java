package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code redeemEvery(2)}: every second charge is paid partly with coins and coupons, and says so everywhere. */
class SandboxRedemptionIntegrationTests extends SandboxTestSupport {

    @Override
    AuthPaySandbox.Builder configure(AuthPaySandbox.Builder builder) {
        return builder.redeemEvery(2);
    }

    @Test
    void everySecondChargeRedeemsATenthInCoinsAndCouponsAndTheAnswerAddsUp() {
        List<JsonNode> paid = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String authNo = sandbox.bindings().createGranted(1000, SandboxCyclePeriod.MONTH, 1);
            SignedHttp.Answer answer = charge(authNo, "o-" + i, 1000);
            assertThat(answer.result()).isEqualTo("000");
            paid.add(answer.resultObject());
        }

        // the first and third: nothing redeemed
        assertThat(paid.get(0).get("redeem_amount").stringValue()).isEqualTo("0");
        assertThat(paid.get(0).get("debit_amount").stringValue()).isEqualTo("1000");
        assertThat(paid.get(2).get("redeem_amount").stringValue()).isEqualTo("0");
        // the second: 100 redeemed, 50 in coins and 50 in JKoPay's coupons
        JsonNode second = paid.get(1);
        assertThat(second.get("final_price").stringValue()).isEqualTo("1000");
        assertThat(second.get("redeem_amount").stringValue()).isEqualTo("100");
        assertThat(second.get("debit_amount").stringValue()).isEqualTo("900");
        assertThat(detail(second)).containsExactly(50L, 50L, 0L);
        // the fourth: 50 in coins and 50 in the store's coupons
        assertThat(paid.get(3).get("debit_amount").stringValue()).isEqualTo("900");
        assertThat(detail(paid.get(3))).containsExactly(50L, 0L, 50L);

        assertThat(sandbox.ledger().charges())
                .extracting(SandboxLedger.Charge::redeemed)
                .containsExactly(
                        SandboxLedger.Redemption.NONE,
                        new SandboxLedger.Redemption(50, 50, 0),
                        SandboxLedger.Redemption.NONE,
                        new SandboxLedger.Redemption(50, 0, 50));
        assertThat(sandbox.ledger().charges())
                .extracting(SandboxLedger.Charge::debitAmount)
                .containsExactly(1000L, 900L, 1000L, 900L);

        // inquiry tells the same, with numbers
        JsonNode inquired = inquiry("o-2").resultObject().get("transactions").get(0);
        assertThat(inquired.get("redeem_amount").longValue()).isEqualTo(100);
        assertThat(inquired.get("debit_amount").longValue()).isEqualTo(900);
        assertThat(detail(inquired)).containsExactly(50L, 50L, 0L);
    }

    @Test
    void aRefundGivesBackTheWalletsPartFirstThenCoinsThenCoupons() {
        for (int i = 1; i <= 2; i++) {
            String authNo = sandbox.bindings().createGranted(1000, SandboxCyclePeriod.MONTH, 1);
            assertThat(charge(authNo, "o-" + i, 1000).result()).isEqualTo("000");
        }

        JsonNode first = refund("o-2", "r-1", 930).resultObject();
        assertThat(first.get("debit_amount").longValue()).isEqualTo(900);
        assertThat(first.get("redeem_amount").longValue()).isEqualTo(30);
        assertThat(detail(first)).containsExactly(30L, 0L, 0L);
        JsonNode rest = refund("o-2", "r-2", 70).resultObject();
        assertThat(rest.get("debit_amount").longValue()).isZero();
        assertThat(rest.get("redeem_amount").longValue()).isEqualTo(70);
        assertThat(detail(rest)).containsExactly(20L, 50L, 0L);

        assertThat(sandbox.ledger().refundsFor("o-2"))
                .extracting(SandboxLedger.Refund::redeemed)
                .containsExactly(new SandboxLedger.Redemption(30, 0, 0), new SandboxLedger.Redemption(20, 50, 0));
        JsonNode history =
                inquiry("o-2").resultObject().get("transactions").get(0).get("refund_history");
        assertThat(history.get(1).get("redeem_amount").longValue()).isEqualTo(70);
        assertThat(detail(history.get(1))).containsExactly(20L, 50L, 0L);
        // the same refund_order_id again answers the original split
        assertThat(detail(refund("o-2", "r-1", 930).resultObject())).containsExactly(30L, 0L, 0L);
    }

    private SignedHttp.Answer refund(String platformOrderId, String refundOrderId, long amount) {
        SignedHttp.Answer answer = http.post(
                AuthPayEndpoint.REFUND,
                "{\"platform_order_id\":\"" + platformOrderId + "\",\"refund_order_id\":\"" + refundOrderId
                        + "\",\"refund_amount\":" + amount + "}");
        assertThat(answer.result()).as(answer.body()).isEqualTo("000");
        return answer;
    }

    private static List<Long> detail(JsonNode parent) {
        JsonNode detail = parent.get("redeem_detail");
        return List.of(
                detail.get("jko_coin_amount").longValue(),
                detail.get("official_coupon_amount").longValue(),
                detail.get("store_coupon_amount").longValue());
    }
}
