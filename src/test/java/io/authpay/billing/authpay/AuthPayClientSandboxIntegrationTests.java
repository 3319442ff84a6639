package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.BrokenAnswer;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real client against the built-in sandbox over HTTP: every endpoint, every code the sandbox can
 * produce, every kind of unknown outcome, and through the sandbox's ledger what was really charged.
 */
class AuthPayClientSandboxIntegrationTests {

    private static final String API_KEY = "sandbox-api-key-0001";
    private static final String SECRET = "sandbox-secret-0001";
    private static final String STORE = "store-0001";
    private static final String RESULT_URL = "https://merchant.example/authpay/result";

    private final SettableClock clock = new SettableClock(taipei("2026-12-01T10:00"));
    private AuthPaySandbox sandbox;
    private AuthPayClient client;

    @BeforeEach
    void start() {
        sandbox = AuthPaySandbox.builder()
                .apiKey(API_KEY)
                .secretKey(SECRET)
                .storeId(STORE)
                .clock(clock)
                .build()
                .start();
        client = client(API_KEY, SECRET, STORE, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    private AuthPayClient client(String apiKey, String secret, String store, Duration responseTimeout) {
        return new AuthPayClient(AuthPayClientConfig.of(sandbox.baseUrl().toString(), apiKey, secret, store)
                .withTimeouts(Duration.ofSeconds(2), responseTimeout));
    }

    private static ChargeRequest charge(String authNo, String platformOrderId, long amount) {
        return new ChargeRequest(authNo, platformOrderId, "金牌方案 2026-12", amount);
    }

    private static CreateBindingRequest binding(String platformAuthpayId) {
        return new CreateBindingRequest("金牌方案", platformAuthpayId, 499, BillingPeriod.MONTH, 1, RESULT_URL, null);
    }

    private InquiryItem inquiryOf(String platformOrderId) {
        return client.inquiry(List.of(platformOrderId))
                .successValue()
                .orElseThrow()
                .get(0);
    }

    // --- bindings: limited, detail, cancel ---

    @Test
    void createBindingAnswersTheApprovalLinkOfAnUngrantedBinding() {
        GatewayResult<BindingLink> result = client.createBinding(binding("sub-42"));

        assertThat(result.succeeded()).isTrue();
        BindingLink link = result.successValue().orElseThrow();
        assertThat(link.authNo()).matches("\\d{18}");
        assertThat(link.authpayUrl()).startsWith(sandbox.baseUrl().toString());
        assertThat(link.qrTimeout()).isEqualTo(clock.instant().plus(Duration.ofMinutes(20)));
        BindingDetail detail = client.detail(link.authNo()).successValue().orElseThrow();
        assertThat(detail.status()).isEqualTo(BindingStatus.UNGRANTED);
        assertThat(detail.platformAuthpayId()).isEqualTo("sub-42");
    }

    @Test
    void aGrantedBindingIsReportedWithItsApprovedAmountAndCycle() {
        String authNo = client.createBinding(binding("sub-42"))
                .successValue()
                .orElseThrow()
                .authNo();
        sandbox.grant(authNo);

        BindingDetail detail = client.detail(authNo).successValue().orElseThrow();

        assertThat(detail.status()).isEqualTo(BindingStatus.GRANTED);
        assertThat(detail.type()).isEqualTo("limited");
        assertThat(detail.billingAmount()).isEqualTo(499L);
        assertThat(detail.billingCurrency()).isEqualTo("TWD");
        assertThat(detail.billingCycle()).isEqualTo(new BillingCycle(BillingPeriod.MONTH, 1));
        assertThat(detail.jkosAccount()).isNotBlank();
    }

    @Test
    void aDuplicatePlatformAuthpayIdOrAnotherStoreIsAValidationError() {
        client.createBinding(binding("sub-42"));

        GatewayResult<BindingLink> duplicate = client.createBinding(binding("sub-42"));
        GatewayResult<BindingLink> otherStore;
        try (AuthPayClient misconfigured = client(API_KEY, SECRET, "someone-elses-store", Duration.ofSeconds(5))) {
            otherStore = misconfigured.createBinding(binding("sub-43"));
        }

        assertThat(duplicate.code()).isEqualTo("201");
        assertThat(duplicate.outcomeClass()).isEqualTo(OutcomeClass.REQUEST_ERROR);
        assertThat(otherStore.code()).isEqualTo("201");
        assertThat(sandbox.bindings().all()).hasSize(1);
    }

    @Test
    void detailOfAnUnknownBindingAnswers301() {
        GatewayResult<BindingDetail> result = client.detail("650660555924205568");

        assertThat(result.code()).isEqualTo("301");
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.AUTH_REVOKED);
    }

    @Test
    void cancelAnswers000ThenCancelledThen302() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        GatewayResult<Void> cancelled = client.cancel(authNo);
        GatewayResult<Void> again = client.cancel(authNo);

        assertThat(cancelled.succeeded()).isTrue();
        assertThat(client.detail(authNo).successValue().orElseThrow().status()).isEqualTo(BindingStatus.CANCELLED);
        assertThat(again.code()).isEqualTo("302");
        assertThat(again.outcomeClass()).isEqualTo(OutcomeClass.AUTH_REVOKED);
    }

    @Test
    void cancellingAnUnknownBindingAnswers301AndAnUngrantedOne200() {
        String ungranted =
                client.createBinding(binding(null)).successValue().orElseThrow().authNo();

        assertThat(client.cancel("650660555924205568").code()).isEqualTo("301");
        GatewayResult<Void> refused = client.cancel(ungranted);
        assertThat(refused.code()).isEqualTo("200");
        assertThat(((GatewayResult.Answered<Void>) refused).message())
                .isEqualTo("Ungranted authPay cannot be canceled");
        assertThat(refused.outcomeClass()).isEqualTo(OutcomeClass.REQUEST_ERROR);
    }

    // --- charges ---

    @Test
    void aChargeSucceedsAndTheLedgerHoldsExactlyIt() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        GatewayResult<Transaction> result = client.charge(charge(authNo, "sub-42-2026-12-a1", 499));

        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.SUCCEEDED);
        Transaction paid = result.successValue().orElseThrow();
        assertThat(paid.platformOrderId()).isEqualTo("sub-42-2026-12-a1");
        assertThat(paid.finalPrice()).isEqualTo(499);
        assertThat(paid.debitAmount()).isEqualTo(499);
        assertThat(paid.redeemAmount()).isZero();
        assertThat(paid.transTime()).isEqualTo(clock.instant());
        assertThat(paid.refundHistory()).isEmpty();
        assertThat(sandbox.ledger().chargesFor(authNo))
                .extracting(
                        SandboxLedger.Charge::platformOrderId,
                        SandboxLedger.Charge::amount,
                        SandboxLedger.Charge::tradeNo)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sub-42-2026-12-a1", 499L, paid.tradeNo()));
    }

    @Test
    void unknownUngrantedAndCancelledBindingsAreRevoked() {
        String ungranted =
                client.createBinding(binding(null)).successValue().orElseThrow().authNo();
        String cancelled = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(cancelled);

        assertThat(client.charge(charge("650660555924205568", "o-1", 499)).code())
                .isEqualTo("301");
        assertThat(client.charge(charge(ungranted, "o-2", 499)).code()).isEqualTo("301");
        GatewayResult<Transaction> revoked = client.charge(charge(cancelled, "o-3", 499));
        assertThat(revoked.code()).isEqualTo("302");
        assertThat(revoked.outcomeClass()).isEqualTo(OutcomeClass.AUTH_REVOKED);
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @Test
    void aChargeAfterEightPmTaipeiIsOutsideTheWindow() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        clock.set(taipei("2026-12-01T20:00"));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        assertThat(result.code()).isEqualTo("306");
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.OUTSIDE_WINDOW);
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @Test
    void twoConcurrentChargesOnOneBindingMeet307() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        sandbox.faults().latency(Duration.ofMillis(1500));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<GatewayResult<Transaction>> first =
                    CompletableFuture.supplyAsync(() -> client.charge(charge(authNo, "o-1", 499)), callers);
            CompletableFuture<GatewayResult<Transaction>> second =
                    CompletableFuture.supplyAsync(() -> client.charge(charge(authNo, "o-2", 499)), callers);

            assertThat(List.of(first.join().code(), second.join().code())).containsExactlyInAnyOrder("000", "307");
            assertThat(List.of(first.join().outcomeClass(), second.join().outcomeClass()))
                    .contains(OutcomeClass.BUSY_AUTH);
        } finally {
            callers.shutdownNow();
        }
        assertThat(sandbox.ledger().chargesFor(authNo)).hasSize(1);
        assertThat(sandbox.ledger().overlaps(authNo)).isEqualTo(1);
    }

    @Test
    void chargingAPaidOrderAgainAnswers101AndChargesOnce() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        client.charge(charge(authNo, "o-1", 499));

        GatewayResult<Transaction> again = client.charge(charge(authNo, "o-1", 499));

        assertThat(again.code()).isEqualTo("101");
        assertThat(again.outcomeClass()).isEqualTo(OutcomeClass.ALREADY_PAID);
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
    }

    @Test
    void anotherAmountThanApprovedAnswers304() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 599));

        assertThat(result.code()).isEqualTo("304");
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.AMOUNT_MISMATCH);
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @Test
    void aSecondChargeInTheBillingPeriodAnswers305() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        client.charge(charge(authNo, "o-1", 499));
        clock.set(taipei("2026-12-28T09:00"));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-2", 499));

        assertThat(result.code()).isEqualTo("305");
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.CYCLE_QUOTA);
        assertThat(sandbox.ledger().chargesFor(authNo)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = ResultCode.class,
            names = {"OVER_MONTHLY_LIMIT", "PAYMENT_FAILED", "INSUFFICIENT_BALANCE", "OVER_USER_QUOTA"})
    void aDeclineChargesNothingAndInquiryReportsThePaymentFailed(ResultCode decline) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().resultCode(decline, FaultTarget.authNo(authNo));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        assertThat(result.code()).isEqualTo(decline.code());
        assertThat(result.outcomeClass()).isEqualTo(decline.outcomeClass());
        assertThat(sandbox.ledger().charges()).isEmpty();
        assertThat(inquiryOf("o-1").status()).isEqualTo(InquiryStatus.PAYMENT_FAILED);
    }

    @Test
    void internalErrorWithoutEffectIsUnknownAndInquirySaysNoSuchOrder() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().internalErrorWithoutEffect(FaultTarget.authNo(authNo).times(1));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        assertThat(result.code()).isEqualTo("999");
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(sandbox.ledger().charges()).isEmpty();
        assertThat(inquiryOf("o-1").status()).isEqualTo(InquiryStatus.NO_SUCH_ORDER);
    }

    @Test
    void internalErrorAfterChargeIsUnknownButInquiryFindsItPaid() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().internalErrorAfterCharge(FaultTarget.platformOrderId("o-1"));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        assertThat(result.code()).isEqualTo("999");
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
        InquiryItem settled = inquiryOf("o-1");
        assertThat(settled.status()).isEqualTo(InquiryStatus.SUCCESS);
        assertThat(settled.paid().orElseThrow().debitAmount()).isEqualTo(499);
    }

    // --- unknown outcomes, each typed ---

    @Test
    void aTimeoutAfterChargeIsUnknownTimeoutAndTheLedgerProvesTheCharge() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().timeoutAfterCharge(Duration.ofSeconds(3), FaultTarget.authNo(authNo));

        GatewayResult<Transaction> result;
        try (AuthPayClient impatient = client(API_KEY, SECRET, STORE, Duration.ofMillis(500))) {
            result = impatient.charge(charge(authNo, "o-1", 499));
        }

        assertThat(result).isInstanceOf(GatewayResult.Unknown.class);
        assertThat(((GatewayResult.Unknown<Transaction>) result).reason()).isEqualTo(UnknownReason.TIMEOUT);
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
        assertThat(inquiryOf("o-1").status()).isEqualTo(InquiryStatus.SUCCESS);
    }

    @Test
    void aConnectionDroppedAfterChargeIsUnknownConnectionReset() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().timeoutAfterCharge(Duration.ofMillis(200), FaultTarget.authNo(authNo));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        assertThat(((GatewayResult.Unknown<Transaction>) result).reason()).isEqualTo(UnknownReason.CONNECTION_RESET);
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
    }

    @Test
    void anHtml502IsUnknownHttpErrorWhetherOrNotTheChargeWentThrough() {
        String charged = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        String notCharged = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults()
                .brokenAnswer(AuthPayEndpoint.CHARGE, BrokenAnswer.HTML_502, FaultTarget.authNo(charged))
                .brokenAnswerWithoutEffect(
                        AuthPayEndpoint.CHARGE, BrokenAnswer.HTML_502, FaultTarget.authNo(notCharged));

        GatewayResult<Transaction> afterCharge = client.charge(charge(charged, "o-1", 499));
        GatewayResult<Transaction> withoutCharge = client.charge(charge(notCharged, "o-2", 499));

        for (GatewayResult<Transaction> result : List.of(afterCharge, withoutCharge)) {
            GatewayResult.Unknown<Transaction> unknown = (GatewayResult.Unknown<Transaction>) result;
            assertThat(unknown.reason()).isEqualTo(UnknownReason.HTTP_ERROR);
            assertThat(unknown.httpStatus()).isEqualTo(502);
        }
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
        assertThat(sandbox.ledger().chargeCount("o-2")).isZero();
        assertThat(inquiryOf("o-1").status()).isEqualTo(InquiryStatus.SUCCESS);
        assertThat(inquiryOf("o-2").status()).isEqualTo(InquiryStatus.NO_SUCH_ORDER);
    }

    @Test
    void aCutOffJsonAnswerIsUnknownNotJson() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().brokenAnswer(AuthPayEndpoint.CHARGE, BrokenAnswer.MALFORMED_JSON, FaultTarget.authNo(authNo));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        assertThat(((GatewayResult.Unknown<Transaction>) result).reason()).isEqualTo(UnknownReason.NOT_JSON);
        assertThat(result.succeeded()).isFalse();
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
    }

    @Test
    void anEmptyAnswerIsUnknownEmptyBody() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().brokenAnswer(AuthPayEndpoint.CHARGE, BrokenAnswer.EMPTY_BODY, FaultTarget.authNo(authNo));

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        assertThat(((GatewayResult.Unknown<Transaction>) result).reason()).isEqualTo(UnknownReason.EMPTY_BODY);
        assertThat(sandbox.ledger().chargeCount("o-1")).isEqualTo(1);
    }

    @Test
    void callbackDetailCallsHaveAPoolOfTheirOwnSoThatAFloodOfThemNeverStarvesACharge() throws Exception {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.faults().latencyOnAllEndpoints(true).latency(Duration.ofMillis(1500));
        // One pooled connection for charges, and a wait for it shorter than the details take together.
        ExecutorService flood = Executors.newFixedThreadPool(AuthPayClient.CALLBACK_DETAIL_CONNECTIONS);
        try (AuthPayClient small =
                new AuthPayClient(AuthPayClientConfig.of(sandbox.baseUrl().toString(), API_KEY, SECRET, STORE)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3))
                        .withMaxConnections(1))) {
            List<Future<GatewayResult<BindingDetail>>> details = new ArrayList<>();
            for (int i = 0; i < AuthPayClient.CALLBACK_DETAIL_CONNECTIONS; i++) {
                details.add(flood.submit(() -> small.detailForCallback(authNo)));
            }
            Thread.sleep(200); // the details hold their connections

            GatewayResult<Transaction> charged = small.charge(charge(authNo, "o-flood", 499));

            assertThat(charged.succeeded()).as(charged.describe()).isTrue();
            for (Future<GatewayResult<BindingDetail>> detail : details) {
                detail.get();
            }
        } finally {
            flood.shutdownNow();
        }
    }

    @Test
    void aStoppedGatewayIsUnknownConnectionRefusedAndNothingWasSent() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.close();

        GatewayResult<Transaction> result = client.charge(charge(authNo, "o-1", 499));

        GatewayResult.Unknown<Transaction> unknown = (GatewayResult.Unknown<Transaction>) result;
        assertThat(unknown.reason()).isEqualTo(UnknownReason.CONNECTION_REFUSED);
        assertThat(unknown.reason().requestSent()).isFalse();
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @Test
    void brokenAnswersOnTheOtherEndpointsAreUnknownToo() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        client.charge(charge(authNo, "o-1", 499));
        sandbox.faults()
                .brokenAnswer(AuthPayEndpoint.REFUND, BrokenAnswer.HTML_502, FaultTarget.authNo(authNo))
                .brokenAnswer(
                        AuthPayEndpoint.INQUIRY,
                        BrokenAnswer.MALFORMED_JSON,
                        FaultTarget.platformOrderId("o-1").times(1))
                .brokenAnswer(AuthPayEndpoint.DETAIL, BrokenAnswer.EMPTY_BODY, FaultTarget.authNo(authNo))
                .brokenAnswerWithoutEffect(AuthPayEndpoint.CANCEL, BrokenAnswer.HTML_502, FaultTarget.authNo(authNo))
                .brokenAnswerWithoutEffect(
                        AuthPayEndpoint.CREATE_BINDING, BrokenAnswer.EMPTY_BODY, FaultTarget.everyCall());

        assertThat(client.refund(new RefundRequest("o-1", "r-1", 100)).outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(client.inquiry(List.of("o-1")).outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(client.detail(authNo).outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(client.cancel(authNo).outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(client.createBinding(binding(null)).outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);

        // what really happened: the refund went through, the cancel and the new binding did not
        assertThat(sandbox.ledger().refundsFor("o-1"))
                .extracting(SandboxLedger.Refund::amount)
                .containsExactly(100L);
        assertThat(inquiryOf("o-1").paid().orElseThrow().refundHistory())
                .extracting(RefundRecord::refundOrderId)
                .containsExactly("r-1");
        assertThat(sandbox.bindings().find(authNo).orElseThrow().status())
                .isEqualTo(io.authpay.billing.sandbox.SandboxBindingStatus.GRANTED);
        assertThat(sandbox.bindings().all()).hasSize(1);
    }

    // --- refunds ---

    @Test
    void aRefundIsReceiptedAndShowsInTheOrdersRefundHistory() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        client.charge(charge(authNo, "o-1", 499));

        GatewayResult<RefundReceipt> result = client.refund(new RefundRequest("o-1", "r-1", 199));

        RefundReceipt receipt = result.successValue().orElseThrow();
        assertThat(receipt.amount()).isEqualTo(199);
        assertThat(receipt.debitAmount()).isEqualTo(199);
        assertThat(receipt.refundTime()).isEqualTo(clock.instant());
        Transaction order = inquiryOf("o-1").paid().orElseThrow();
        assertThat(order.refundHistory())
                .extracting(RefundRecord::refundOrderId, RefundRecord::refundTradeNo, RefundRecord::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r-1", receipt.refundTradeNo(), 199L));
        assertThat(order.refundableAmount()).isEqualTo(300);
    }

    @Test
    void aRepeatedRefundOrderIdRefundsOnce() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        client.charge(charge(authNo, "o-1", 499));

        RefundReceipt first = client.refund(new RefundRequest("o-1", "r-1", 199))
                .successValue()
                .orElseThrow();
        RefundReceipt again = client.refund(new RefundRequest("o-1", "r-1", 199))
                .successValue()
                .orElseThrow();
        GatewayResult<RefundReceipt> otherAmount = client.refund(new RefundRequest("o-1", "r-1", 200));

        assertThat(again).isEqualTo(first);
        assertThat(otherAmount.code()).isEqualTo("105");
        assertThat(otherAmount.outcomeClass()).isEqualTo(OutcomeClass.REFUND_REJECTED);
        assertThat(sandbox.ledger().refundsFor("o-1")).hasSize(1);
    }

    @Test
    void refundingMoreThanIsLeftAnswers113AndAnUnpaidOrder100() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        client.charge(charge(authNo, "o-1", 499));
        client.refund(new RefundRequest("o-1", "r-1", 400));

        GatewayResult<RefundReceipt> tooMuch = client.refund(new RefundRequest("o-1", "r-2", 100));
        GatewayResult<RefundReceipt> unpaid = client.refund(new RefundRequest("o-unknown", "r-3", 100));

        assertThat(tooMuch.code()).isEqualTo("113");
        assertThat(tooMuch.outcomeClass()).isEqualTo(OutcomeClass.REFUND_REJECTED);
        assertThat(unpaid.code()).isEqualTo("100");
        assertThat(sandbox.ledger().refunds())
                .extracting(SandboxLedger.Refund::amount)
                .containsExactly(400L);
    }

    // --- inquiry ---

    @Test
    void inquiryReportsPaidFailedInFlightAndUnknownOrders() throws Exception {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        String slow = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 7);
        client.charge(charge(authNo, "paid", 499));
        sandbox.faults().resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.platformOrderId("failed"));
        client.charge(charge(authNo, "failed", 499));
        sandbox.faults().latency(Duration.ofSeconds(2));
        CompletableFuture<GatewayResult<Transaction>> inFlight =
                CompletableFuture.supplyAsync(() -> client.charge(charge(slow, "in-flight", 499)));
        while (inquiryOf("in-flight").status() == InquiryStatus.NO_SUCH_ORDER && !inFlight.isDone()) {
            Thread.sleep(10); // until the slow charge has arrived
        }

        List<InquiryItem> items = client.inquiry(List.of("paid", "failed", "in-flight", "never-sent"))
                .successValue()
                .orElseThrow();

        assertThat(items)
                .extracting(InquiryItem::platformOrderId, InquiryItem::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("paid", InquiryStatus.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("failed", InquiryStatus.PAYMENT_FAILED),
                        org.assertj.core.groups.Tuple.tuple("in-flight", InquiryStatus.NOT_PAID),
                        org.assertj.core.groups.Tuple.tuple("never-sent", InquiryStatus.NO_SUCH_ORDER));
        assertThat(items.get(0).paid().orElseThrow().tradeNo())
                .isEqualTo(sandbox.ledger().chargesFor(authNo).get(0).tradeNo());
        assertThat(inFlight.join().succeeded()).isTrue();
    }

    @Test
    void anInquiryOfMoreThanTwentyOrdersIsSplitIntoBatchesTheSandboxAccepts() {
        String authNo = sandbox.bindings().createGranted(1, SandboxCyclePeriod.YEAR, 12);
        client.charge(charge(authNo, "o-7", 1));
        List<String> ids = IntStream.rangeClosed(1, 45).mapToObj(i -> "o-" + i).toList();

        List<InquiryItem> items = client.inquiry(ids).successValue().orElseThrow();

        assertThat(items).hasSize(45);
        assertThat(items.get(6).status()).isEqualTo(InquiryStatus.SUCCESS);
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.INQUIRY)).hasSize(3);
    }

    // --- credentials ---

    @Test
    void aWrongSecretIsAValidationErrorOnEveryEndpointAndChangesNothing() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        client.charge(charge(authNo, "o-1", 499));
        try (AuthPayClient wrongSecret = client(API_KEY, "not-the-secret", STORE, Duration.ofSeconds(5))) {
            List<GatewayResult<?>> results = List.of(
                    wrongSecret.createBinding(binding(null)),
                    wrongSecret.charge(charge(authNo, "o-2", 499)),
                    wrongSecret.refund(new RefundRequest("o-1", "r-1", 100)),
                    wrongSecret.inquiry(List.of("o-1")),
                    wrongSecret.detail(authNo),
                    wrongSecret.cancel(authNo));

            assertThat(results).allSatisfy(result -> {
                assertThat(result.code()).isEqualTo("201");
                assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.REQUEST_ERROR);
            });
        }
        assertThat(sandbox.ledger().charges())
                .extracting(SandboxLedger.Charge::platformOrderId)
                .containsExactly("o-1");
        assertThat(sandbox.ledger().refunds()).isEmpty();
        assertThat(sandbox.bindings().all()).hasSize(1);
        assertThat(sandbox.bindings().find(authNo).orElseThrow().status())
                .isEqualTo(io.authpay.billing.sandbox.SandboxBindingStatus.GRANTED);
    }

    @Test
    void aWrongApiKeyIsAValidationError() {
        try (AuthPayClient wrongKey = client("someone-elses-key", SECRET, STORE, Duration.ofSeconds(5))) {
            assertThat(wrongKey.detail("650660555924205568").code()).isEqualTo("201");
        }
    }

    private static Instant taipei(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.ofHours(8));
    }

    /** The sandbox's time, moved by the test. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
