package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.testing.LogCapture;
import io.authpay.billing.testing.ServeIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a stranger can send the public port: bodies are capped before they are read, bad callback input is
 * a short 400 (never a stack trace, never a forged log line), forged callbacks cost at most one {@code
 * detail} per auth_no, and dates far outside any billing are refused.
 */
class RequestHardeningIntegrationTests extends ServeIntegrationTest {

    private static final String CALLBACK = "/callbacks/authpay/binding";

    @Test
    void aCallbackBodyLargerThanAFewKilobytesIs413() {
        String big = "{\"authpay\": {\"auth_no\": \"123\", \"status\": \"granted\", \"pad\": \"" + "x".repeat(64 * 1024)
                + "\"}}";
        Answer answer = call("POST", CALLBACK, big, null);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("error").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void aChunkedCallbackBodyIsCutOffAtTheLimitToo() throws IOException {
        // No Content-Length: the filter reads at most one byte past the limit, then answers 413.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + CALLBACK + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 8; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void anApiBodyLargerThanWhatTheApiTakesIs413() {
        String body = "{\"reason\": \"" + "r".repeat(20 * 1024) + "\"}";
        Answer answer = call("POST", "/api/jobs/nightly-billing/runs", body);
        assertThat(answer.status()).isEqualTo(413);
    }

    @Test
    void anAuthNoThatIsNotLettersAndDigitsIsAShort400WithoutAStackTraceNorAGatewayCall() {
        int detailsBefore = SANDBOX.ledger().requests(AuthPayEndpoint.DETAIL).size();
        try (LogCapture log = LogCapture.root()) {
            Answer answer = call(
                    "POST",
                    CALLBACK,
                    "{\"authpay\": {\"auth_no\": \"../../etc/passwd\", \"status\": \"granted\"}}",
                    null);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("error").asString()).isEqualTo("bad_request");
            assertThat(answer.json().get("message").asString())
                    .contains("auth_no")
                    .hasSizeLessThan(120);
            assertThat(log.lines()).noneMatch(line -> line.startsWith("ERROR") || line.contains("\tat "));
        }
        assertThat(SANDBOX.ledger().requests(AuthPayEndpoint.DETAIL)).hasSize(detailsBefore);
    }

    @Test
    void aStatusJKoPayDoesNotDocumentIs400AndForgesNoLogLine() {
        int detailsBefore = SANDBOX.ledger().requests(AuthPayEndpoint.DETAIL).size();
        try (LogCapture log = LogCapture.root()) {
            Answer answer = call(
                    "POST",
                    CALLBACK,
                    "{\"authpay\": {\"auth_no\": \"12345\", \"status\": \"granted\\nINFO forged line\"}}",
                    null);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("message").asString()).contains("status");
            assertThat(log.lines()).noneMatch(line -> line.contains("forged line"));
        }
        assertThat(SANDBOX.ledger().requests(AuthPayEndpoint.DETAIL)).hasSize(detailsBefore);
    }

    @Test
    void valuesFromOutsideAreLoggedOnOneLineAndCut() {
        assertThat(Untrusted.forLog("granted\r\nINFO forged")).isEqualTo("granted\\r\\nINFO forged");
        assertThat(Untrusted.forLog("x".repeat(2_000_000)))
                .hasSizeLessThan(Untrusted.MAX_LENGTH + 40)
                .endsWith("(2000000 characters)");
    }

    @Test
    void manyForgedCallbacksForOneAuthNoCostOneDetailCall() {
        String authNo = "9" + System.nanoTime();
        int detailsBefore = SANDBOX.ledger().requests(AuthPayEndpoint.DETAIL).size();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(call(
                            "POST",
                            CALLBACK,
                            "{\"authpay\": {\"auth_no\": \"" + authNo + "\", \"status\": \"granted\"}}",
                            null)
                    .status());
        }
        // The first is asked about (JKoPay does not know the binding: ignored, 200); the others are asked to
        // come back later, which JKoPay does for a real callback.
        assertThat(statuses.get(0)).isEqualTo(200);
        assertThat(statuses.subList(1, statuses.size())).containsOnly(503);
        assertThat(SANDBOX.ledger().requests(AuthPayEndpoint.DETAIL).size() - detailsBefore)
                .isEqualTo(1);
        Answer throttled = call(
                "POST", CALLBACK, "{\"authpay\": {\"auth_no\": \"" + authNo + "\", \"status\": \"granted\"}}", null);
        assertThat(throttled.header("Retry-After")).isNotNull();
        assertThat(throttled.json().get("error").asString()).isEqualTo("throttled");
    }

    @Test
    void aReportDateFarOutsideAnyBillingIs400() {
        Answer answer = call("GET", "/api/reports?date=%2B999999999-12-31", null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asString())
                .contains("2000-01-01")
                .contains("2099-12-31");
        assertThat(call("GET", "/api/reports?from=1000-01-01&to=2026-12-01", null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aRunForADateFarOutsideAnyBillingIs400AndStartsNothing() {
        Long before = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION", Long.class);
        Answer answer = call("POST", "/api/jobs/nightly-billing/runs", "{\"date\": \"+999999999-12-31\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asString()).contains("date");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION", Long.class))
                .isEqualTo(before);
    }

    @Test
    void aBodyTheApiCannotReadIs400WithoutTheParsersInternals() {
        Answer answer = call("POST", "/api/jobs/nightly-billing/runs", "{\"date\": \"not a date\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asString())
                .contains("field date")
                .contains("error id")
                .doesNotContain("java.")
                .doesNotContain("tools.jackson");
    }
}
