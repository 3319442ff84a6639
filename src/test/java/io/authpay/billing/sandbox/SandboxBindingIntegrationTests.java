package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.authpay.billing.authpay.AuthPayEndpoint;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class SandboxBindingIntegrationTests extends SandboxTestSupport {

    @Override
    AuthPaySandbox.Builder configure(AuthPaySandbox.Builder builder) {
        return builder.callbackRetry(4, Duration.ofMillis(50));
    }

    @Test
    void limitedCreatesAnUngrantedBindingAndAnswersItsApprovalLinks() {
        SignedHttp.Answer answer = http.post(AuthPayEndpoint.CREATE_BINDING, """
                {"authpay_name":"金牌方案","store_id":"test-store","platform_authpay_id":"sub-42",\
                "billing_amount":499,"billing_currency":"TWD","billing_cycle":{"period":"month","times":1},\
                "result_url":"https://merchant.example/authpay","cancelable":true,"identities":["A123456789"]}""");

        assertThat(answer.result()).isEqualTo("000");
        JsonNode created = answer.resultObject();
        String authNo = created.get("auth_no").stringValue();
        assertThat(authNo).matches("[1-9]\\d{17}");
        assertThat(created.get("authpay_url").stringValue()).startsWith(sandbox.baseUrl() + "/web/authpay/url?j=");
        assertThat(created.get("qr_img").stringValue()).startsWith(sandbox.baseUrl() + "/web/authpay/qr?j=");
        assertThat(created.get("qr_timeout").longValue())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(20)).toEpochMilli());

        JsonNode detail = http.get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo)
                .resultObject()
                .get("authpay");
        assertThat(detail.get("type").stringValue()).isEqualTo("limited");
        assertThat(detail.get("auth_no").stringValue()).isEqualTo(authNo);
        assertThat(detail.get("status").stringValue()).isEqualTo("ungranted");
        assertThat(detail.get("platform_authpay_id").stringValue()).isEqualTo("sub-42");
        assertThat(detail.get("jkos_account").isString()).isTrue();
        assertThat(detail.get("billing_amount").longValue()).isEqualTo(499);
        assertThat(detail.get("billing_currency").stringValue()).isEqualTo("TWD");
        assertThat(detail.get("billing_cycle").get("period").stringValue()).isEqualTo("month");
        assertThat(detail.get("billing_cycle").get("times").intValue()).isEqualTo(1);
    }

    @Test
    void everyBindingGetsItsOwnAuthNo() {
        assertThat(createBinding(499, "month", 1)).isNotEqualTo(createBinding(499, "month", 1));
    }

    @Test
    void billingCycleTimesDefaultsToOneAndAYearAllowsTwelve() {
        String defaulted = http.post(AuthPayEndpoint.CREATE_BINDING, """
                {"authpay_name":"n","store_id":"test-store","billing_amount":10,"billing_cycle":{"period":"week"},\
                "result_url":"https://merchant.example/r"}""")
                .resultObject()
                .get("auth_no")
                .stringValue();
        String yearly = createBinding(10, "year", 12);

        assertThat(sandbox.bindings().find(defaulted).orElseThrow().billingCycle())
                .isEqualTo(new SandboxBillingCycle(SandboxCyclePeriod.WEEK, 1));
        assertThat(sandbox.bindings().find(yearly).orElseThrow().billingCycle())
                .isEqualTo(new SandboxBillingCycle(SandboxCyclePeriod.YEAR, 12));
    }

    @Test
    void aBindingWithoutBillingCycleHasNoPeriodQuota() {
        String authNo = http.post(AuthPayEndpoint.CREATE_BINDING, """
                {"authpay_name":"n","store_id":"test-store","billing_amount":10,"result_url":"https://m.example/r"}""")
                .resultObject()
                .get("auth_no")
                .stringValue();
        sandbox.grant(authNo);

        assertThat(http.get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo)
                        .resultObject()
                        .get("authpay")
                        .get("billing_cycle")
                        .isNull())
                .isTrue();
        assertThat(charge(authNo, "o-1", 10).result()).isEqualTo("000");
        assertThat(charge(authNo, "o-2", 10).result()).isEqualTo("000");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"store_id\":\"test-store\",\"billing_amount\":10,\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"1234567890123456789012345678901234567890123456789012345678901\",\"store_id\":\"test-store\",\"billing_amount\":10,\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"another-store\",\"billing_amount\":10,\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"billing_amount\":10,\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":0,\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":-5,\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":9.5,\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":\"10\",\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"billing_currency\":\"USD\",\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"billing_cycle\":{\"period\":\"day\"},\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"billing_cycle\":{\"times\":1},\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"billing_cycle\":{\"period\":\"month\",\"times\":8},\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"billing_cycle\":{\"period\":\"year\",\"times\":13},\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"billing_cycle\":{\"period\":\"week\",\"times\":0},\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"billing_cycle\":\"month\",\"result_url\":\"https://m.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"result_url\":\"http://merchant.example/r\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"result_url\":\"not a url\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"result_url\":\"https://m.example/r\",\"result_display_url\":\"ftp://m.example/\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"result_url\":\"https://m.example/r\",\"identities\":\"A1\"",
                "\"authpay_name\":\"n\",\"store_id\":\"test-store\",\"billing_amount\":10,\"result_url\":\"https://m.example/r\",\"cancelable\":\"yes\""
            })
    void anInvalidBindingRequestAnswers201AndCreatesNothing(String members) {
        SignedHttp.Answer answer = http.post(AuthPayEndpoint.CREATE_BINDING, "{" + members + "}");

        assertThat(answer.result()).isEqualTo("201");
        assertThat(answer.message()).startsWith("Validation error: ");
        assertThat(sandbox.bindings().all()).isEmpty();
    }

    @Test
    void aPlatformAuthpayIdIsUsedOnce() {
        String body = """
                {"authpay_name":"n","store_id":"test-store","platform_authpay_id":"sub-1","billing_amount":10,\
                "result_url":"https://m.example/r"}""";
        assertThat(http.post(AuthPayEndpoint.CREATE_BINDING, body).result()).isEqualTo("000");

        SignedHttp.Answer again = http.post(AuthPayEndpoint.CREATE_BINDING, body);

        assertThat(again.result()).isEqualTo("201");
        assertThat(sandbox.bindings().all()).hasSize(1);
    }

    @Test
    void grantingPostsTheBindingResultToTheResultUrl() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String authNo = http.post(AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "quarter", 3, receiver.url()))
                    .resultObject()
                    .get("auth_no")
                    .stringValue();
            assertThat(receiver.next(Duration.ofMillis(200)))
                    .as("nothing before the user approves")
                    .isNull();

            sandbox.grant(authNo);

            JsonNode callback = SignedHttp.JSON
                    .readTree(receiver.next(Duration.ofSeconds(5)))
                    .get("authpay");
            assertThat(callback.get("type").stringValue()).isEqualTo("limited");
            assertThat(callback.get("status").stringValue()).isEqualTo("granted");
            assertThat(callback.get("auth_no").stringValue()).isEqualTo(authNo);
            assertThat(callback.get("platform_authpay_id").isNull()).isTrue();
            assertThat(callback.get("jkos_account").isString()).isTrue();
            assertThat(callback.get("billing_currency").stringValue()).isEqualTo("TWD");
            assertThat(callback.get("billing_amount").longValue()).isEqualTo(499);
            assertThat(callback.get("billing_cycle").get("period").stringValue())
                    .isEqualTo("quarter");
            assertThat(callback.get("billing_cycle").get("times").intValue()).isEqualTo(3);
            assertThat(http.get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo)
                            .resultObject()
                            .get("authpay")
                            .get("status")
                            .stringValue())
                    .isEqualTo("granted");
        }
    }

    @Test
    void theCallbackIsRetriedUntilTheMerchantAnswers200() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver(2, new CountDownLatch(0))) {
            String authNo = http.post(AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "month", 1, receiver.url()))
                    .resultObject()
                    .get("auth_no")
                    .stringValue();

            sandbox.grant(authNo);

            for (int i = 0; i < 3; i++) {
                assertThat(receiver.next(Duration.ofSeconds(5))).contains(authNo);
            }
            assertThat(receiver.next(Duration.ofMillis(300)))
                    .as("no post after the 200")
                    .isNull();
            assertThat(sandbox.ledger().callbacks())
                    .extracting(SandboxLedger.Callback::attempt, SandboxLedger.Callback::httpStatus)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1, 500),
                            org.assertj.core.groups.Tuple.tuple(2, 500),
                            org.assertj.core.groups.Tuple.tuple(3, 200));
        }
    }

    @Test
    void grantingNeverWaitsForTheMerchant() throws Exception {
        CountDownLatch merchantMayAnswer = new CountDownLatch(1);
        try (CallbackReceiver receiver = new CallbackReceiver(0, merchantMayAnswer)) {
            String authNo = http.post(AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "month", 1, receiver.url()))
                    .resultObject()
                    .get("auth_no")
                    .stringValue();

            // the merchant answers only after grant returns: a blocking grant would never return
            assertTimeoutPreemptively(Duration.ofSeconds(3), () -> sandbox.grant(authNo));
            merchantMayAnswer.countDown();

            assertThat(receiver.next(Duration.ofSeconds(5))).contains(authNo);
        }
    }

    @Test
    void grantingTwicePostsOnce() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String authNo = http.post(AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "month", 1, receiver.url()))
                    .resultObject()
                    .get("auth_no")
                    .stringValue();

            sandbox.grant(authNo);
            sandbox.grant(authNo);

            assertThat(receiver.next(Duration.ofSeconds(5))).contains(authNo);
            assertThat(receiver.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void grantingAnUnknownOrCancelledBindingIsRefused() {
        String cancelled = sandbox.bindings().createGranted(10, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(cancelled);

        assertThatThrownBy(() -> sandbox.grant("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.grant(cancelled)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withAutoGrantANewBindingIsGrantedAndItsCallbackPosted() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver();
                AuthPaySandbox autoGranting = AuthPaySandbox.builder()
                        .apiKey(API_KEY)
                        .secretKey(SECRET)
                        .storeId(STORE)
                        .clock(clock)
                        .autoGrant(true)
                        .build()
                        .start()) {
            SignedHttp client = new SignedHttp(
                    autoGranting.baseUrl(),
                    API_KEY,
                    new io.authpay.billing.authpay.Digest(SECRET),
                    Duration.ofSeconds(5));

            String authNo = client.post(AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "month", 1, receiver.url()))
                    .resultObject()
                    .get("auth_no")
                    .stringValue();

            assertThat(autoGranting.bindings().find(authNo).orElseThrow().status())
                    .isEqualTo(SandboxBindingStatus.GRANTED);
            assertThat(receiver.next(Duration.ofSeconds(5))).contains("\"granted\"");
            assertThat(client.post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "o-1", 499))
                            .result())
                    .isEqualTo("000");
        }
    }

    @Test
    void detailOfAnUnknownAuthNoAnswers301AndWithoutOneAnswers201() {
        assertThat(http.get(AuthPayEndpoint.DETAIL, "auth_no=650660555924205568")
                        .result())
                .isEqualTo("301");
        assertThat(http.get(AuthPayEndpoint.DETAIL, "auth_no=").result()).isEqualTo("201");
    }

    @Test
    void cancellingAGrantedBindingStopsItsCharges() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        SignedHttp.Answer cancelled = http.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"" + authNo + "\"}");

        assertThat(cancelled.result()).isEqualTo("000");
        assertThat(cancelled.message()).isNull();
        assertThat(cancelled.resultObject().isNull()).isTrue();
        assertThat(http.get(AuthPayEndpoint.DETAIL, "auth_no=" + authNo)
                        .resultObject()
                        .get("authpay")
                        .get("status")
                        .stringValue())
                .isEqualTo("cancel");
        assertThat(charge(authNo, "o-1", 499).result()).isEqualTo("302");
    }

    @Test
    void cancellingTwiceAnswers302() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        http.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"" + authNo + "\"}");

        SignedHttp.Answer again = http.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"" + authNo + "\"}");

        assertThat(again.result()).isEqualTo("302");
        assertThat(again.message()).isEqualTo("Canceled auth_no");
    }

    @Test
    void cancellingAnUngrantedBindingAnswers200AndLeavesItUngranted() {
        String authNo = createBinding(499, "month", 1);

        SignedHttp.Answer answer = http.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"" + authNo + "\"}");

        assertThat(answer.result()).isEqualTo("200");
        assertThat(answer.message()).isEqualTo("Ungranted authPay cannot be canceled");
        assertThat(sandbox.bindings().find(authNo).orElseThrow().status()).isEqualTo(SandboxBindingStatus.UNGRANTED);
    }

    @Test
    void cancellingAnUnknownAuthNoAnswers301AndWithoutOneAnswers201() {
        assertThat(http.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"650660555924205568\"}")
                        .result())
                .isEqualTo("301");
        assertThat(http.post(AuthPayEndpoint.CANCEL, "{}").result()).isEqualTo("201");
    }

    @Test
    void theApprovalLinkLetsAPersonGrantTheBinding() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            JsonNode created = http.post(AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "month", 1, receiver.url()))
                    .resultObject();
            URI link = URI.create(created.get("authpay_url").stringValue());

            SignedHttp.Answer page =
                    SignedHttp.raw(HttpRequest.newBuilder(link).GET().build());
            SignedHttp.Answer approved = SignedHttp.raw(HttpRequest.newBuilder(link)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("Approve").contains("499 TWD");
            assertThat(approved.status()).isEqualTo(200);
            String authNo = created.get("auth_no").stringValue();
            assertThat(sandbox.bindings().find(authNo).orElseThrow().status()).isEqualTo(SandboxBindingStatus.GRANTED);
            assertThat(receiver.next(Duration.ofSeconds(5))).contains(authNo);
        }
    }

    @Test
    void anExpiredApprovalLinkGrantsNothing() {
        JsonNode created = http.post(
                        AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "month", 1, "https://m.example/r"))
                .resultObject();
        clock.advance(Duration.ofMinutes(21));

        SignedHttp.Answer approved = SignedHttp.raw(
                HttpRequest.newBuilder(URI.create(created.get("authpay_url").stringValue()))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());

        assertThat(approved.status()).isEqualTo(410);
        assertThat(sandbox.bindings()
                        .find(created.get("auth_no").stringValue())
                        .orElseThrow()
                        .status())
                .isEqualTo(SandboxBindingStatus.UNGRANTED);
    }
}
