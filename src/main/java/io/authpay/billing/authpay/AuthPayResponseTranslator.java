package io.authpay.billing.authpay;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that turns what came back from the gateway (an HTTP status and bytes, or an I/O
 * failure) into a {@link GatewayResult}. Pure: no I/O, no clock, no state. Whatever cannot be read
 * with certainty becomes {@link GatewayResult.Unknown}; nothing here throws for a bad answer.
 */
final class AuthPayResponseTranslator {

    private static final JsonMapper JSON = JsonMapper.builder()
            // Amounts are money: never let a fractional number pass through a double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Two "result" fields would mean two answers: refuse to pick one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final int SNIPPET_LENGTH = 120;

    private AuthPayResponseTranslator() {}

    /**
     * Translates an HTTP answer.
     *
     * @param httpStatus the HTTP status code
     * @param body the whole body (null or empty when there was none)
     * @param reader how to read the {@code result_object} of a {@code 000} answer
     * @param latency time spent on the call
     */
    static <T> GatewayResult<T> translate(int httpStatus, byte[] body, ResultObjectReader<T> reader, Duration latency) {
        if (httpStatus < 200 || httpStatus > 299) {
            // Even with a readable envelope inside, a non-2xx answer is not one JKoPay documents.
            return unknown(
                    UnknownReason.HTTP_ERROR,
                    "HTTP " + httpStatus + bodySnippet(body),
                    httpStatus,
                    codeIfReadable(body),
                    latency);
        }
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return unknown(UnknownReason.EMPTY_BODY, "HTTP " + httpStatus, httpStatus, null, latency);
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(body);
        } catch (JacksonException e) {
            return unknown(
                    UnknownReason.NOT_JSON, e.getOriginalMessage() + bodySnippet(body), httpStatus, null, latency);
        }
        if (envelope == null || !envelope.isObject()) {
            return unknown(
                    UnknownReason.MALFORMED_ENVELOPE,
                    "the JSON is not an object" + bodySnippet(body),
                    httpStatus,
                    null,
                    latency);
        }
        JsonNode result = envelope.get("result");
        if (result == null || !result.isString() || result.stringValue().isBlank()) {
            return unknown(
                    UnknownReason.MALFORMED_ENVELOPE,
                    "no \"result\" string in the answer" + bodySnippet(body),
                    httpStatus,
                    null,
                    latency);
        }
        String code = result.stringValue();
        String message = gatewayMessage(envelope);
        ResultCode resultCode = ResultCode.of(code).orElse(null);
        if (resultCode == null) {
            return unknown(
                    UnknownReason.UNDOCUMENTED_CODE,
                    "result \"" + AnswerFields.abbreviate(code) + "\""
                            + (message == null ? "" : ", message \"" + message + "\""),
                    httpStatus,
                    code,
                    latency);
        }
        if (resultCode != ResultCode.SUCCESS) {
            return new GatewayResult.Answered<>(code, resultCode, message, null, latency);
        }
        T resultObject;
        try {
            resultObject = reader.read(envelope.get("result_object"));
        } catch (MalformedAnswerException e) {
            return unknown(
                    UnknownReason.MALFORMED_ENVELOPE, "result 000 but " + e.getMessage(), httpStatus, code, latency);
        } catch (RuntimeException e) {
            // A reader bug must not turn a charge that went through into a crash without a record.
            return unknown(
                    UnknownReason.MALFORMED_ENVELOPE,
                    "result 000 but result_object could not be read: " + e,
                    httpStatus,
                    code,
                    latency);
        }
        return new GatewayResult.Answered<>(code, resultCode, message, resultObject, latency);
    }

    /** Translates a call that ended in an I/O failure instead of an answer. */
    static <T> GatewayResult<T> translate(IOException failure, Duration latency) {
        return unknown(
                reasonOf(failure),
                failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                null,
                null,
                latency);
    }

    /** Whether the failure happened before anything reached the gateway, or after. Order matters: subclasses first. */
    static UnknownReason reasonOf(IOException failure) {
        if (failure instanceof ConnectTimeoutException
                || failure instanceof ConnectionRequestTimeoutException
                || failure instanceof ConnectException
                || failure instanceof NoRouteToHostException
                || failure instanceof UnknownHostException
                || failure instanceof SSLHandshakeException) {
            return UnknownReason.CONNECTION_REFUSED;
        }
        if (failure instanceof SocketTimeoutException) {
            return UnknownReason.TIMEOUT;
        }
        // Reset, broken pipe, premature end of body, no response, interrupted: the request may have gone out.
        return UnknownReason.CONNECTION_RESET;
    }

    /** True when the failure means the calling thread was interrupted (not a timeout). */
    static boolean isInterruption(IOException failure) {
        return failure instanceof InterruptedIOException
                && !(failure instanceof SocketTimeoutException)
                && !(failure instanceof ConnectionRequestTimeoutException);
    }

    private static <T> GatewayResult<T> unknown(
            UnknownReason reason, String detail, Integer httpStatus, String code, Duration latency) {
        return new GatewayResult.Unknown<>(reason, detail, httpStatus, code, latency);
    }

    private static String gatewayMessage(JsonNode envelope) {
        JsonNode message = envelope.get("message");
        if (message == null || message.isNull() || message.isMissingNode()) {
            return null;
        }
        return message.isString() ? message.stringValue() : message.toString();
    }

    private static String codeIfReadable(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode envelope = JSON.readTree(body);
            JsonNode result = envelope == null ? null : envelope.get("result");
            return result != null && result.isString() ? result.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The start of the body on one line, for the operator: an HTML title usually says what went wrong. */
    private static String bodySnippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text =
                new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        return "; body starts \"" + (text.length() <= SNIPPET_LENGTH ? text : text.substring(0, SNIPPET_LENGTH) + "...")
                + "\"";
    }
}
