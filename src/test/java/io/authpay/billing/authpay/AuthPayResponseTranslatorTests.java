package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP status + bytes (or an I/O failure) to GatewayResult, without any network. */
class AuthPayResponseTranslatorTests {

    private static final Duration LATENCY = Duration.ofMillis(42);

    /** The success example of the seed, amounts as strings. */
    static final String CHARGE_SUCCESS_STRINGS = """
            {"result":"000","message":null,"result_object":{
              "platform_order_id":"test-roy-010","status":0,"tradeNo":"J000384112110270000E",
              "trans_time":"2021-10-27 09:04:51","currency":"TWD","final_price":"50","redeem_amount":"0",
              "redeem_detail":{"jko_coin_amount":0,"official_coupon_amount":0,"store_coupon_amount":0},
              "debit_amount":"50","refund_history":[],"invoice_vehicle":"/9-99+99","maskNo":null,
              "channel_type":"account"}}""";

    static final String CHARGE_SUCCESS_NUMBERS = """
            {"result":"000","message":null,"result_object":{
              "platform_order_id":"sub-42-2026-12-a1","status":0,"tradeNo":"J0026910118070413C4",
              "trans_time":"2018-07-01 12:00:00","currency":"TWD","final_price":1000,"redeem_amount":300,
              "redeem_detail":{"jko_coin_amount":200,"official_coupon_amount":0,"store_coupon_amount":100},
              "debit_amount":700,"refund_history":[{"platform_order_id":"sub-42-2026-12-a1",
                "refund_order_id":"87001","refund_tradeNo":"K0026910118070413C4001","time":"2018-07-01 12:20:20",
                "amount":100,"debit_amount":70,"redeem_amount":30,
                "redeem_detail":{"jko_coin_amount":20,"official_coupon_amount":0,"store_coupon_amount":10}}],
              "channel_type":"creditcard","maskNo":"4311-****-****-1234"}}""";

    @Test
    void successWithAmountsAsStringsIsReadAsWholeTwd() {
        GatewayResult<Transaction> result = charge(200, CHARGE_SUCCESS_STRINGS);

        assertThat(result).isInstanceOf(GatewayResult.Answered.class);
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.SUCCEEDED);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.code()).isEqualTo("000");
        assertThat(result.latency()).isEqualTo(LATENCY);
        Transaction tx = result.successValue().orElseThrow();
        assertThat(tx.platformOrderId()).isEqualTo("test-roy-010");
        assertThat(tx.tradeNo()).isEqualTo("J000384112110270000E");
        assertThat(tx.finalPrice()).isEqualTo(50L);
        assertThat(tx.redeemAmount()).isZero();
        assertThat(tx.debitAmount()).isEqualTo(50L);
        assertThat(tx.redeemDetail()).isEqualTo(new RedeemDetail(0, 0, 0));
        assertThat(tx.refundHistory()).isEmpty();
        assertThat(tx.channelType()).isEqualTo("account");
        assertThat(tx.maskNo()).isNull();
        // 09:04:51 in UTC+8 is 01:04:51 UTC.
        assertThat(tx.transTime()).isEqualTo(Instant.parse("2021-10-27T01:04:51Z"));
    }

    @Test
    void successWithAmountsAsNumbersReadsRedemptionAndRefundHistory() {
        Transaction tx = charge(200, CHARGE_SUCCESS_NUMBERS).successValue().orElseThrow();

        assertThat(tx.finalPrice()).isEqualTo(1000L);
        assertThat(tx.redeemAmount()).isEqualTo(300L);
        assertThat(tx.debitAmount()).isEqualTo(700L);
        assertThat(tx.redeemDetail()).isEqualTo(new RedeemDetail(200, 0, 100));
        assertThat(tx.refundHistory()).singleElement().satisfies(refund -> {
            assertThat(refund.refundOrderId()).isEqualTo("87001");
            assertThat(refund.refundTradeNo()).isEqualTo("K0026910118070413C4001");
            assertThat(refund.amount()).isEqualTo(100L);
            assertThat(refund.debitAmount()).isEqualTo(70L);
            assertThat(refund.time()).isEqualTo(Instant.parse("2018-07-01T04:20:20Z"));
        });
        assertThat(tx.refundableAmount()).isEqualTo(900L);
    }

    static Stream<ResultCode> documentedErrorCodes() {
        return Stream.of(ResultCode.values()).filter(code -> code != ResultCode.SUCCESS);
    }

    @ParameterizedTest
    @MethodSource("documentedErrorCodes")
    void eachDocumentedErrorCodeIsAnAnswerWithItsCatalogueClass(ResultCode code) {
        String body =
                "{\"result\":\"" + code.code() + "\",\"message\":\"" + code.message() + "\",\"result_object\":null}";

        GatewayResult<Transaction> result = charge(200, body);

        assertThat(result).isInstanceOfSatisfying(GatewayResult.Answered.class, answered -> {
            assertThat(answered.resultCode()).isEqualTo(code);
            assertThat(answered.code()).isEqualTo(code.code());
            assertThat(answered.message()).isEqualTo(code.message());
            assertThat(answered.resultObject()).isNull();
        });
        assertThat(result.outcomeClass()).isEqualTo(code.outcomeClass());
        assertThat(result.succeeded()).isFalse();
        assertThat(result.successValue()).isEmpty();
    }

    @Test
    void specificErrorCodesDriveTheirPolicy() {
        assertThat(charge(200, "{\"result\":\"307\",\"message\":null}").outcomeClass())
                .isEqualTo(OutcomeClass.BUSY_AUTH);
        assertThat(charge(200, "{\"result\":\"306\"}").outcomeClass()).isEqualTo(OutcomeClass.OUTSIDE_WINDOW);
        assertThat(charge(200, "{\"result\":\"999\",\"message\":\"Internal Error\"}")
                        .outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
    }

    @Test
    void missingMessageFallsBackToTheCatalogueAndGatewayMessageWins() {
        GatewayResult<Transaction> silent = charge(200, "{\"result\":\"302\",\"message\":null,\"result_object\":null}");
        GatewayResult<Void> cancel = AuthPayResponseTranslator.translate(
                200,
                bytes(
                        "{\"result\":\"200\",\"message\":\"Ungranted authPay cannot be canceled\",\"result_object\":null}"),
                ResultObjectReader.nothing(),
                LATENCY);

        assertThat(silent.describe()).isEqualTo("302 Canceled auth_no");
        assertThat(((GatewayResult.Answered<Void>) cancel).message()).isEqualTo("Ungranted authPay cannot be canceled");
        assertThat(cancel.outcomeClass()).isEqualTo(OutcomeClass.REQUEST_ERROR);
    }

    @Test
    void undocumentedCodeIsUnknownAndKeepsTheCodeAndMessage() {
        GatewayResult<Transaction> result =
                charge(200, "{\"result\":\"555\",\"message\":\"Brand new failure\",\"result_object\":null}");

        assertThat(result).isInstanceOfSatisfying(GatewayResult.Unknown.class, unknown -> {
            assertThat(unknown.reason()).isEqualTo(UnknownReason.UNDOCUMENTED_CODE);
            assertThat(unknown.code()).isEqualTo("555");
            assertThat(unknown.detail()).contains("555").contains("Brand new failure");
        });
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(result.successValue()).isEmpty();
    }

    @Test
    void htmlPageWithStatus200IsNotJson() {
        GatewayResult<Transaction> result =
                charge(200, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");

        assertUnknown(result, UnknownReason.NOT_JSON);
        assertThat(result.describe()).contains("502 Bad Gateway");
    }

    @Test
    void htmlBadGatewayIsAnHttpErrorWithItsStatus() {
        GatewayResult<Transaction> result = charge(502, "<html><title>502 Bad Gateway</title></html>");

        assertThat(assertUnknown(result, UnknownReason.HTTP_ERROR).httpStatus()).isEqualTo(502);
        assertThat(result.describe()).contains("HTTP 502").contains("502 Bad Gateway");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 400, 404, 500, 503})
    void nonSuccessStatusIsUnknownEvenWithASuccessEnvelope(int status) {
        GatewayResult<Transaction> result = charge(status, CHARGE_SUCCESS_STRINGS);

        GatewayResult.Unknown<Transaction> unknown = assertUnknown(result, UnknownReason.HTTP_ERROR);
        assertThat(unknown.httpStatus()).isEqualTo(status);
        assertThat(unknown.code()).isEqualTo("000");
        assertThat(result.succeeded()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyBodyIsUnknown(String body) {
        assertUnknown(charge(200, body), UnknownReason.EMPTY_BODY);
        assertUnknown(
                AuthPayResponseTranslator.translate(200, null, Transaction::read, LATENCY), UnknownReason.EMPTY_BODY);
    }

    @Test
    void cutOffJsonIsNotJsonEvenWhenTheCodeWasAlreadySent() {
        String cutOff = CHARGE_SUCCESS_STRINGS.substring(0, CHARGE_SUCCESS_STRINGS.indexOf("\"debit_amount\""));

        assertUnknown(charge(200, cutOff), UnknownReason.NOT_JSON);
    }

    @Test
    void trailingGarbageAndDuplicateResultAreNotTrusted() {
        assertUnknown(charge(200, "{\"result\":\"000\"} {\"result\":\"999\"}"), UnknownReason.NOT_JSON);
        assertThat(charge(200, "{\"result\":\"306\",\"result\":\"000\"}").succeeded())
                .isFalse();
        assertThat(charge(200, "{\"result\":\"306\",\"result\":\"000\"}").outcomeClass())
                .isEqualTo(OutcomeClass.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"message\":null,\"result_object\":null}",
                "{\"result\":0,\"message\":null}",
                "{\"result\":null}",
                "{\"result\":\"\"}",
                "[\"000\"]",
                "\"000\""
            })
    void jsonWithoutAResultStringIsAMalformedEnvelope(String body) {
        assertUnknown(charge(200, body), UnknownReason.MALFORMED_ENVELOPE);
    }

    @Test
    void successWithoutResultObjectIsMalformedAndKeepsTheCode() {
        GatewayResult<Transaction> result = charge(200, "{\"result\":\"000\",\"message\":null,\"result_object\":null}");

        assertThat(assertUnknown(result, UnknownReason.MALFORMED_ENVELOPE).code())
                .isEqualTo("000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"50.5\"", "50.5", "\"fifty\"", "\"-50\"", "true", "\" 50\"", "\"5e1\""})
    void nonIntegerAmountIsAMalformedAnswer(String finalPrice) {
        String body = CHARGE_SUCCESS_STRINGS.replace("\"final_price\":\"50\"", "\"final_price\":" + finalPrice);

        GatewayResult<Transaction> result = charge(200, body);

        assertThat(assertUnknown(result, UnknownReason.MALFORMED_ENVELOPE).detail())
                .contains("final_price");
    }

    @Test
    void integralDecimalAmountIsAccepted() {
        String body = CHARGE_SUCCESS_STRINGS.replace("\"final_price\":\"50\"", "\"final_price\":50.0");

        assertThat(charge(200, body).successValue().orElseThrow().finalPrice()).isEqualTo(50L);
    }

    @Test
    void amountsThatDoNotAddUpAreAMalformedAnswer() {
        String body = CHARGE_SUCCESS_STRINGS.replace("\"debit_amount\":\"50\"", "\"debit_amount\":\"40\"");

        assertThat(assertUnknown(charge(200, body), UnknownReason.MALFORMED_ENVELOPE)
                        .detail())
                .contains("final_price 50");
    }

    @Test
    void missingTradeNoOrBadTimeIsAMalformedAnswer() {
        assertUnknown(
                charge(200, CHARGE_SUCCESS_STRINGS.replace("\"tradeNo\":\"J000384112110270000E\",", "")),
                UnknownReason.MALFORMED_ENVELOPE);
        assertUnknown(
                charge(200, CHARGE_SUCCESS_STRINGS.replace("2021-10-27 09:04:51", "2021-10-27T09:04:51")),
                UnknownReason.MALFORMED_ENVELOPE);
    }

    @Test
    void errorCodeIgnoresWhateverResultObjectCameAlong() {
        GatewayResult<Transaction> result =
                charge(200, "{\"result\":\"115\",\"message\":\"Payment failed\",\"result_object\":{\"x\":1}}");

        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.SOFT_DECLINE);
        assertThat(result.successValue()).isEmpty();
    }

    @Test
    void inquiryItemsMapEveryStatusAndReadPaidTransactions() {
        String body = """
                {"result":"000","message":null,"result_object":{"transactions":[
                  {"platform_order_id":"87","status":0,"tradeNo":"J0026910118070413C4","trans_time":"2018-07-01 12:00:00",
                   "currency":"TWD","final_price":1000,"redeem_amount":300,"debit_amount":700,"refund_history":[]},
                  {"platform_order_id":"88","status":101},
                  {"platform_order_id":"89","status":"100"},
                  {"platform_order_id":"90","status":102},
                  {"platform_order_id":"91","status":1},
                  {"platform_order_id":"92","status":7}]}}""";

        List<InquiryItem> items = AuthPayResponseTranslator.translate(200, bytes(body), InquiryItem::readAll, LATENCY)
                .successValue()
                .orElseThrow();

        assertThat(items)
                .extracting(InquiryItem::status)
                .containsExactly(
                        InquiryStatus.SUCCESS,
                        InquiryStatus.NOT_PAID,
                        InquiryStatus.PAYMENT_FAILED,
                        InquiryStatus.NO_SUCH_ORDER,
                        InquiryStatus.PROCESSING,
                        InquiryStatus.UNRECOGNISED);
        assertThat(items.get(0).paid())
                .hasValueSatisfying(tx -> assertThat(tx.debitAmount()).isEqualTo(700L));
        assertThat(items.get(1).paid()).isEmpty();
        assertThat(items.get(5).rawStatus()).isEqualTo(7);
    }

    @Test
    void paidInquiryItemWithoutAmountsMakesTheWholeAnswerUnknown() {
        String body =
                "{\"result\":\"000\",\"result_object\":{\"transactions\":[{\"platform_order_id\":\"87\",\"status\":0}]}}";

        assertUnknown(
                AuthPayResponseTranslator.translate(200, bytes(body), InquiryItem::readAll, LATENCY),
                UnknownReason.MALFORMED_ENVELOPE);
    }

    @Test
    void bindingLinkDetailAndRefundReceiptAreRead() {
        BindingLink link = AuthPayResponseTranslator.translate(
                        200,
                        bytes(
                                "{\"result\":\"000\",\"message\":null,\"result_object\":{\"auth_no\":\"650660555924205568\","
                                        + "\"authpay_url\":\"https://test.jkopay.com/web/authpay/url?j=x\","
                                        + "\"qr_img\":\"https://test.jkopay.com/web/authpay/qr?j=x\",\"qr_timeout\":1635297229729}}"),
                        BindingLink::read,
                        LATENCY)
                .successValue()
                .orElseThrow();
        BindingDetail detail = AuthPayResponseTranslator.translate(
                        200,
                        bytes(
                                "{\"result\":\"000\",\"result_object\":{\"authpay\":{\"type\":\"limited\",\"auth_no\":\"599669611989962752\","
                                        + "\"status\":\"cancel\",\"platform_authpay_id\":\"AUTHPAY_001\",\"billing_amount\":\"499\","
                                        + "\"billing_cycle\":{\"period\":\"month\",\"times\":1}}}}"),
                        BindingDetail::read,
                        LATENCY)
                .successValue()
                .orElseThrow();
        RefundReceipt receipt = AuthPayResponseTranslator.translate(
                        200,
                        bytes(
                                "{\"result\":\"000\",\"result_object\":{\"refund_tradeNo\":\"K0026910118070413C4001\","
                                        + "\"debit_amount\":70,\"redeem_amount\":30,\"redeem_detail\":{\"jko_coin_amount\":20,"
                                        + "\"official_coupon_amount\":0,\"store_coupon_amount\":10},\"refund_time\":\"2018-07-01 12:20:20\"}}"),
                        RefundReceipt::read,
                        LATENCY)
                .successValue()
                .orElseThrow();

        assertThat(link.authNo()).isEqualTo("650660555924205568");
        assertThat(link.qrTimeout()).isEqualTo(Instant.ofEpochMilli(1635297229729L));
        assertThat(detail.status()).isEqualTo(BindingStatus.CANCELLED);
        assertThat(detail.billingAmount()).isEqualTo(499L);
        assertThat(detail.billingCycle()).isEqualTo(new BillingCycle(BillingPeriod.MONTH, 1));
        assertThat(receipt.amount()).isEqualTo(100L);
        assertThat(receipt.refundTime()).isEqualTo(Instant.parse("2018-07-01T04:20:20Z"));
    }

    @Test
    void undocumentedBindingStatusIsUnrecognisedNotAGuess() {
        BindingDetail detail = AuthPayResponseTranslator.translate(
                        200,
                        bytes(
                                "{\"result\":\"000\",\"result_object\":{\"authpay\":{\"auth_no\":\"1\",\"status\":\"frozen\"}}}"),
                        BindingDetail::read,
                        LATENCY)
                .successValue()
                .orElseThrow();

        assertThat(detail.status()).isEqualTo(BindingStatus.UNRECOGNISED);
        assertThat(detail.rawStatus()).isEqualTo("frozen");
    }

    @Test
    void cancelSuccessCarriesNothing() {
        GatewayResult<Void> result = AuthPayResponseTranslator.translate(
                200,
                bytes("{\"result\":\"000\",\"message\":null,\"result_object\":null}"),
                ResultObjectReader.nothing(),
                LATENCY);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.SUCCEEDED);
    }

    static Stream<Object[]> ioFailures() {
        return Stream.of(
                new Object[] {new SocketTimeoutException("Read timed out"), UnknownReason.TIMEOUT},
                new Object[] {new ConnectTimeoutException("Connect timed out"), UnknownReason.CONNECTION_REFUSED},
                new Object[] {new HttpHostConnectException("Connection refused"), UnknownReason.CONNECTION_REFUSED},
                new Object[] {new ConnectException("Connection refused"), UnknownReason.CONNECTION_REFUSED},
                new Object[] {new UnknownHostException("onlinepay.example"), UnknownReason.CONNECTION_REFUSED},
                new Object[] {new SocketException("Connection reset"), UnknownReason.CONNECTION_RESET},
                new Object[] {new NoHttpResponseException("failed to respond"), UnknownReason.CONNECTION_RESET},
                new Object[] {new ConnectionClosedException("Premature end"), UnknownReason.CONNECTION_RESET},
                new Object[] {new IOException("Broken pipe"), UnknownReason.CONNECTION_RESET});
    }

    @ParameterizedTest
    @MethodSource("ioFailures")
    void ioFailuresAreUnknownWithTheirReason(IOException failure, UnknownReason expected) {
        GatewayResult<Transaction> result = AuthPayResponseTranslator.translate(failure, LATENCY);

        GatewayResult.Unknown<Transaction> unknown = assertUnknown(result, expected);
        assertThat(unknown.detail()).contains(failure.getMessage());
        assertThat(unknown.reason().requestSent()).isEqualTo(expected != UnknownReason.CONNECTION_REFUSED);
        assertThat(result.describe()).contains(expected.meaning());
    }

    private static GatewayResult<Transaction> charge(int status, String body) {
        return AuthPayResponseTranslator.translate(status, bytes(body), Transaction::read, LATENCY);
    }

    @SuppressWarnings("unchecked")
    private static <T> GatewayResult.Unknown<T> assertUnknown(GatewayResult<T> result, UnknownReason reason) {
        assertThat(result).isInstanceOf(GatewayResult.Unknown.class);
        assertThat(result.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.successValue()).isEmpty();
        GatewayResult.Unknown<T> unknown = (GatewayResult.Unknown<T>) result;
        assertThat(unknown.reason()).as(unknown.describe()).isEqualTo(reason);
        assertThat(unknown.latency()).isEqualTo(LATENCY);
        return unknown;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
