package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.subscription.SubscriptionCsv;
import io.authpay.billing.testing.ServeIntegrationTest;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The subscription API: idempotent creates with the CSV's checks, listing, changes, pause and cancel. */
class SubscriptionApiIntegrationTests extends ServeIntegrationTest {

    final HttpClient http = HttpClient.newHttpClient();

    String body(String externalId, String authNo, String amount) {
        return """
                {"external_id": "%s", "auth_no": "%s", "amount": %s, "period": "MONTH",
                 "anchor_date": "2026-12-01", "trade_name": "Gold plan"}
                """.formatted(externalId, authNo, amount);
    }

    Answer create(String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/subscriptions"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(), response.body(), response.headers().map());
    }

    long rows(String externalId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM subscription WHERE external_id = ?", Long.class, externalId);
    }

    @Test
    void aCreateRetriedWithItsKeyMakesOneSubscriptionAndAReusedKeyWithAnotherBodyIs409() throws Exception {
        String authNo = grantedBinding();
        String externalId = "api-" + System.nanoTime();
        String key = "key-" + System.nanoTime();

        Answer first = create(body(externalId, authNo, "499"), key);
        Answer retry = create(body(externalId, authNo, "499"), key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("external_id").asString()).isEqualTo(externalId);
        assertThat(rows(externalId)).isEqualTo(1);

        Answer reused = create(body(externalId + "-other", authNo, "499"), key);
        assertThat(reused.status()).as(reused.body()).isEqualTo(409);
        assertThat(reused.json().get("error").asString()).isEqualTo("idempotency_key_reused");
        assertThat(rows(externalId + "-other")).isZero();

        Answer duplicate = create(body(externalId, authNo, "499"), null);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("error").asString()).isEqualTo("already_exists");
        assertThat(audit("SUBSCRIPTION", externalId)).containsExactly(ACTOR + " CREATE_SUBSCRIPTION -");
    }

    @Test
    void aBadCreateIsRefusedWithTheCsvImportsMessage() throws Exception {
        String externalId = "api-bad-" + System.nanoTime();
        String csvMessage = SubscriptionCsv.parse(
                        new StringReader("external_id,auth_no,amount,currency,period,anchor_date,trade_name\n"
                                + externalId + ",A1,499.5,TWD,MONTH,2026-12-01,Gold plan\n"))
                .errors()
                .get(0)
                .message();

        Answer bad = create(body(externalId, "A1", "499.5"), null);

        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("message").asString()).isEqualTo("amount: " + csvMessage);
        assertThat(rows(externalId)).isZero();
        assertThat(create("{\"externl_id\": \"x\"}", null).status()).isEqualTo(400);
    }

    @Test
    void subscriptionsAreListedByCursorAndShownWithTheirCharges() throws Exception {
        String authNo = grantedBinding();
        String prefix = "api-list-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(create(body(prefix + "-" + i, authNo, "499"), null).status())
                    .isEqualTo(201);
        }
        long chargeId = charge(prefix + "-0", "DUE", null);

        Answer page1 = call("GET", "/api/subscriptions?auth_no=" + authNo + "&limit=2", null);
        assertThat(page1.status()).as(page1.body()).isEqualTo(200);
        assertThat(page1.json()
                        .get("subscriptions")
                        .valueStream()
                        .map(s -> s.get("external_id").asString()))
                .containsExactly(prefix + "-0", prefix + "-1");
        String cursor = page1.json().get("next_cursor").asString();
        Answer page2 = call("GET", "/api/subscriptions?auth_no=" + authNo + "&limit=2&cursor=" + cursor, null);
        assertThat(page2.json()
                        .get("subscriptions")
                        .valueStream()
                        .map(s -> s.get("external_id").asString()))
                .containsExactly(prefix + "-2");
        assertThat(page2.json().get("next_cursor").isNull()).isTrue();

        Answer shown = call("GET", "/api/subscriptions/" + prefix + "-0", null);
        assertThat(shown.json().get("charges").get(0).get("id").asLong()).isEqualTo(chargeId);
        assertThat(shown.json().get("binding_amount").asLong()).isEqualTo(499);
        assertThat(call("GET", "/api/subscriptions/nobody-" + prefix, null).status())
                .isEqualTo(404);
    }

    @Test
    void anAmountOtherThanTheBindingsIsRefusedWithTheReason() throws Exception {
        String externalId = "api-patch-" + System.nanoTime();
        assertThat(create(body(externalId, grantedBinding(), "499"), null).status())
                .isEqualTo(201);

        Answer refused = call("PATCH", "/api/subscriptions/" + externalId, "{\"amount\": 599}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).isEqualTo("amount_mismatch");
        assertThat(refused.json().get("message").asString()).contains("499", "304");
        assertThat(jdbc.queryForObject("SELECT amount FROM subscription WHERE external_id = ?", Long.class, externalId))
                .isEqualTo(499);

        Answer renamed = call("PATCH", "/api/subscriptions/" + externalId, "{\"trade_name\": \"Gold plan 2027\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("trade_name").asString()).isEqualTo("Gold plan 2027");
        assertThat(call("PATCH", "/api/subscriptions/" + externalId, "{\"next_billing_date\": \"2026-12-15\"}")
                        .status())
                .as("off the monthly schedule")
                .isEqualTo(400);
    }

    @Test
    void pauseResumeAndCancelMoveTheSubscriptionAndCancelNowEmitsItsEvent() throws Exception {
        String externalId = "api-cancel-" + System.nanoTime();
        assertThat(create(body(externalId, grantedBinding(), "499"), null).status())
                .isEqualTo(201);
        long chargeId = charge(externalId, "DUE", null);

        assertThat(call("POST", "/api/subscriptions/" + externalId + "/pause", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("PAUSED");
        assertThat(call("POST", "/api/subscriptions/" + externalId + "/pause", null)
                        .status())
                .isEqualTo(409);
        assertThat(call("POST", "/api/subscriptions/" + externalId + "/resume", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ACTIVE");

        Answer atEnd = call("POST", "/api/subscriptions/" + externalId + "/cancel", "{}");
        assertThat(atEnd.status()).as(atEnd.body()).isEqualTo(200);
        assertThat(atEnd.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(atEnd.json().get("cancel_at").asString()).isEqualTo("2026-12-01");

        Answer now = call(
                "POST",
                "/api/subscriptions/" + externalId + "/cancel",
                "{\"at\": \"now\", \"reason\": \"moved away\"}");
        assertThat(now.status()).as(now.body()).isEqualTo(200);
        assertThat(now.json().get("status").asString()).isEqualTo("CANCELED");
        assertThat(jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeId))
                .isEqualTo("CANCELED");
        assertThat(jdbc.queryForList(
                        "SELECT JSON_VALUE(payload, '$.data.reason') FROM webhook_event WHERE type = 'subscription.canceled'"
                                + " AND JSON_VALUE(payload, '$.data.subscription.external_id') = ?",
                        String.class,
                        externalId))
                .containsExactly("moved away");
        assertThat(call("POST", "/api/subscriptions/" + externalId + "/cancel", "{\"at\": \"now\"}")
                        .status())
                .isEqualTo(409);
        assertThat(call("POST", "/api/subscriptions/" + externalId + "/cancel", "{\"at\": \"later\"}")
                        .status())
                .isEqualTo(400);
    }
}
