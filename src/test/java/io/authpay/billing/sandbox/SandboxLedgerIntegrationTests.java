package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.Digest;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxLedgerIntegrationTests extends SandboxTestSupport {

    @Test
    void theRequestLogTellsWhenEachChargeArrivedBySandboxTime() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.WEEK, 7);
        clock.setTaipei("2026-12-01T19:59:59");
        charge(authNo, "o-1", 499);
        clock.setTaipei("2026-12-01T20:00:00");
        charge(authNo, "o-2", 499);

        List<SandboxLedger.Request> charges = sandbox.ledger().requests(AuthPayEndpoint.CHARGE);

        assertThat(charges)
                .containsExactly(
                        new SandboxLedger.Request(
                                AuthPayEndpoint.CHARGE,
                                MutableClock.taipei("2026-12-01T19:59:59"),
                                authNo,
                                List.of("o-1"),
                                "000",
                                null),
                        new SandboxLedger.Request(
                                AuthPayEndpoint.CHARGE,
                                MutableClock.taipei("2026-12-01T20:00:00"),
                                authNo,
                                List.of("o-2"),
                                "306",
                                null));
        assertThat(sandbox.ledger().charges())
                .allSatisfy(charge -> assertThat(charge.chargedAt()
                                .atOffset(ZoneOffset.ofHours(8))
                                .toLocalTime())
                        .isBefore(LocalTime.of(20, 0)));
    }

    @Test
    void theRequestLogNamesWhatEachRequestWasAbout() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        charge(authNo, "o-1", 499);
        http.post(AuthPayEndpoint.REFUND, "{\"platform_order_id\":\"o-1\",\"refund_amount\":1}");
        inquiry("o-1,o-2");
        http.get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo);
        http.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"" + authNo + "\"}");
        http.withSecret("wrong").post(AuthPayEndpoint.CREATE_BINDING, "{}");

        assertThat(sandbox.ledger().requests())
                .extracting(
                        SandboxLedger.Request::endpoint,
                        SandboxLedger.Request::authNo,
                        SandboxLedger.Request::platformOrderIds,
                        SandboxLedger.Request::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuthPayEndpoint.CHARGE, authNo, List.of("o-1"), "000"),
                        org.assertj.core.groups.Tuple.tuple(AuthPayEndpoint.REFUND, authNo, List.of("o-1"), "000"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuthPayEndpoint.INQUIRY, null, List.of("o-1", "o-2"), "000"),
                        org.assertj.core.groups.Tuple.tuple(AuthPayEndpoint.DETAIL, authNo, List.of(), "000"),
                        org.assertj.core.groups.Tuple.tuple(AuthPayEndpoint.CANCEL, authNo, List.of(), "000"),
                        org.assertj.core.groups.Tuple.tuple(AuthPayEndpoint.CREATE_BINDING, null, List.of(), "201"));
    }

    @Test
    void theLedgerHoldsEveryChargeAndRefundThatTookEffect() {
        String one = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        String other = sandbox.bindings().createGranted(99, SandboxCyclePeriod.MONTH, 1);
        charge(one, "o-1", 499);
        charge(other, "o-2", 99);
        charge(other, "o-3", 99); // 305: not a charge
        http.post(AuthPayEndpoint.REFUND, "{\"platform_order_id\":\"o-1\",\"refund_amount\":100}");

        assertThat(sandbox.ledger().charges())
                .extracting(SandboxLedger.Charge::platformOrderId)
                .containsExactly("o-1", "o-2");
        assertThat(sandbox.ledger().chargesFor(other))
                .extracting(SandboxLedger.Charge::amount)
                .containsExactly(99L);
        assertThat(sandbox.ledger().chargeCount("o-3")).isZero();
        assertThat(sandbox.ledger().totalCharged()).isEqualTo(598);
        assertThat(sandbox.ledger().refunds())
                .extracting(SandboxLedger.Refund::platformOrderId, SandboxLedger.Refund::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o-1", 100L));
    }

    @Test
    void theRequestLogKeepsTheNewestEntriesUpToItsCapacity() {
        try (AuthPaySandbox small = AuthPaySandbox.builder()
                .apiKey(API_KEY)
                .secretKey(SECRET)
                .storeId(STORE)
                .clock(clock)
                .requestLogCapacity(2)
                .build()
                .start()) {
            SignedHttp client = new SignedHttp(small.baseUrl(), API_KEY, new Digest(SECRET), Duration.ofSeconds(5));

            client.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=a");
            client.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=b");
            client.get(AuthPayEndpoint.INQUIRY, "platform_order_ids=c");

            assertThat(small.ledger().requests())
                    .extracting(SandboxLedger.Request::platformOrderIds)
                    .containsExactly(List.of("b"), List.of("c"));
            assertThat(small.ledger().droppedRequests()).isEqualTo(1);
        }
    }
}
