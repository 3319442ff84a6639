package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.Digest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SandboxSignatureIntegrationTests extends SandboxTestSupport {

    @Test
    void aWrongApiKeyAnswers201AndCreatesNothing() {
        SignedHttp.Answer answer = http.withApiKey("someone-else")
                .post(AuthPayEndpoint.CREATE_BINDING, limitedBody(499, "month", 1, "https://m.example/r"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.result()).isEqualTo("201");
        assertThat(answer.message()).startsWith("Validation error: ").contains("api-key");
        assertThat(answer.resultObject().isNull()).isTrue();
        assertThat(sandbox.bindings().all()).isEmpty();
    }

    @Test
    void aWrongSecretAnswers201AndChargesNothing() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);

        SignedHttp.Answer answer =
                http.withSecret("wrong-secret").post(AuthPayEndpoint.CHARGE, chargeBody(authNo, "o-1", 499));

        assertThat(answer.result()).isEqualTo("201");
        assertThat(answer.message()).startsWith("Validation error: ").contains("digest");
        assertThat(answer.message()).doesNotContain(SECRET);
        assertThat(sandbox.ledger().charges()).isEmpty();
        assertThat(inquiryStatus("o-1")).isEqualTo(102);
        assertThat(sandbox.ledger().requests(AuthPayEndpoint.CHARGE))
                .extracting(SandboxLedger.Request::result)
                .containsExactly("201");
    }

    @Test
    void aWrongSecretCancelsNothingAndRefundsNothing() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        charge(authNo, "o-1", 499);
        SignedHttp forger = http.withSecret("wrong-secret");

        assertThat(forger.post(AuthPayEndpoint.CANCEL, "{\"auth_no\":\"" + authNo + "\"}")
                        .result())
                .isEqualTo("201");
        assertThat(forger.post(AuthPayEndpoint.REFUND, "{\"platform_order_id\":\"o-1\",\"refund_amount\":499}")
                        .result())
                .isEqualTo("201");
        assertThat(sandbox.bindings().find(authNo).orElseThrow().status()).isEqualTo(SandboxBindingStatus.GRANTED);
        assertThat(sandbox.ledger().refunds()).isEmpty();
    }

    @Test
    void aGetSignedWithTheWrongSecretAnswers201() {
        assertThat(http.withSecret("wrong-secret")
                        .get(AuthPayEndpoint.INQUIRY, "platform_order_ids=87,88")
                        .result())
                .isEqualTo("201");
        assertThat(http.withSecret("wrong-secret")
                        .get(AuthPayEndpoint.DETAIL, "auth_no=1")
                        .result())
                .isEqualTo("201");
    }

    @Test
    void missingHeadersAnswer201() {
        SignedHttp.Answer answer =
                SignedHttp.raw(HttpRequest.newBuilder(sandbox.baseUrl().resolve(AuthPayEndpoint.CANCEL.path()))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"auth_no\":\"1\"}"))
                        .build());

        assertThat(answer.result()).isEqualTo("201");
    }

    @Test
    void thePostDigestCoversTheExactBytesSent() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        String signedBody = chargeBody(authNo, "o-1", 499);
        String sentBody = signedBody.replace("\"currency\":", "\"currency\": "); // same JSON, other bytes

        SignedHttp.Answer answer =
                SignedHttp.raw(HttpRequest.newBuilder(sandbox.baseUrl().resolve(AuthPayEndpoint.CHARGE.path()))
                        .header("api-key", API_KEY)
                        .header("digest", new Digest(SECRET).sign(signedBody.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(sentBody))
                        .build());

        assertThat(answer.result()).isEqualTo("201");
        assertThat(sandbox.ledger().charges()).isEmpty();
    }

    @Test
    void theGetDigestCoversTheDecodedQueryString() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        charge(authNo, "訂單-1", 499);
        String encodedQuery = "platform_order_ids=%E8%A8%82%E5%96%AE-1";

        SignedHttp.Answer signedDecoded = inquiry("訂單-1"); // signs the decoded text, sends it encoded
        SignedHttp.Answer signedEncoded = SignedHttp.raw(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + AuthPayEndpoint.INQUIRY.path() + "?" + encodedQuery))
                .header("api-key", API_KEY)
                .header("digest", new Digest(SECRET).sign(encodedQuery))
                .GET()
                .build());

        assertThat(signedDecoded.result()).isEqualTo("000");
        assertThat(signedDecoded
                        .resultObject()
                        .get("transactions")
                        .get(0)
                        .get("status")
                        .intValue())
                .isZero();
        assertThat(signedEncoded.result()).isEqualTo("201");
    }

    @Test
    void anUnknownPathAnswers404AndAWrongMethod405() {
        SignedHttp.Answer unknown =
                SignedHttp.raw(HttpRequest.newBuilder(sandbox.baseUrl().resolve("/platform/authpay/nothing"))
                        .GET()
                        .build());
        SignedHttp.Answer wrongMethod =
                SignedHttp.raw(HttpRequest.newBuilder(sandbox.baseUrl().resolve(AuthPayEndpoint.CHARGE.path()))
                        .GET()
                        .build());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(sandbox.ledger().requests()).isEmpty();
    }
}
