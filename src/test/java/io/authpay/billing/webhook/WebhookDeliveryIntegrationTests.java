package io.authpay.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve} delivering the events of real charges (the sandbox over HTTP) to three receivers: one that
 * hangs, one that fails each event's first 3 POSTs, one that works.
 */
class WebhookDeliveryIntegrationTests extends ServeIntegrationTest {

    static final String SECRET = "whsec-test-0123456789abcdef";
    static final WebhookReceiver RECEIVER = new WebhookReceiver(3);

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        registry.add("billing.webhooks.endpoints[0].url", () -> RECEIVER.url("/hang"));
        registry.add("billing.webhooks.endpoints[0].secret", () -> SECRET);
        registry.add("billing.webhooks.endpoints[1].url", () -> RECEIVER.url("/flaky"));
        registry.add("billing.webhooks.endpoints[1].secret", () -> SECRET);
        registry.add("billing.webhooks.endpoints[2].url", () -> RECEIVER.url("/good"));
        registry.add("billing.webhooks.endpoints[2].secret", () -> SECRET);
        registry.add("billing.webhooks.endpoints[2].events", () -> "charge.succeeded,refund.succeeded");
        registry.add("billing.webhooks.poll-interval", () -> "100ms");
        registry.add("billing.webhooks.backoff-base", () -> "100ms");
        registry.add("billing.webhooks.backoff-max", () -> "400ms");
        // The hanging receiver holds its POST for the whole test.
        registry.add("billing.webhooks.timeout", () -> "120s");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    /** Charges a new subscription now through the API; returns the charge id. */
    long paidCharge() {
        String externalId = subscription(grantedBinding());
        long chargeId = charge(externalId, "DUE", null);
        Answer charged = call("POST", "/api/subscriptions/" + externalId + "/charge", null);
        assertThat(charged.status()).as(charged.body()).isEqualTo(200);
        assertThat(charged.json().get("status").asString()).isEqualTo("SUCCEEDED");
        return chargeId;
    }

    String eventOf(long chargeId) {
        List<String> ids = jdbc.queryForList(
                "SELECT event_id FROM webhook_event WHERE type = 'charge.succeeded'"
                        + " AND JSON_VALUE(payload, '$.data.charge.id') = ?",
                String.class,
                Long.toString(chargeId));
        assertThat(ids).as("one charge.succeeded event per paid charge").hasSize(1);
        return ids.get(0);
    }

    @Test
    void aPaidChargeIsDeliveredSignedToEveryEndpointAndAHangingOneHoldsBackNobody() throws Exception {
        long first = paidCharge();
        await("the hanging endpoint to hold the first event", () -> RECEIVER.hanging() >= 1);
        long second = paidCharge();
        String firstEvent = eventOf(first);
        String secondEvent = eventOf(second);

        await(
                "the good endpoint to get both events",
                () -> RECEIVER.at("/good").stream()
                        .map(WebhookReceiver.Received::eventId)
                        .toList()
                        .containsAll(List.of(firstEvent, secondEvent)));
        // Still held: the good endpoint was not waiting for it.
        assertThat(RECEIVER.at("/hang")).isEmpty();

        WebhookReceiver.Received received = RECEIVER.at("/good").stream()
                .filter(r -> r.eventId().equals(secondEvent))
                .findFirst()
                .orElseThrow();
        // The README's recipe: HMAC-SHA256 of "<t>.<body>" with the endpoint's secret, in hex.
        String t = received.signature().replaceAll("^t=([0-9]+),v1=[0-9a-f]{64}$", "$1");
        String v1 = received.signature().replaceAll("^t=[0-9]+,v1=([0-9a-f]{64})$", "$1");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(HexFormat.of().formatHex(mac.doFinal((t + "." + received.body()).getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(v1);
        assertThat(Math.abs(Long.parseLong(t) - CLOCK.instant().getEpochSecond()))
                .isLessThan(300);
        assertThat(WebhookSignature.verifies("another-secret-0123456789", received.signature(), received.body()))
                .isFalse();

        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(received.body());
        assertThat(body.get("id").asString()).isEqualTo(secondEvent);
        assertThat(body.get("type").asString()).isEqualTo("charge.succeeded");
        JsonNode charge = body.get("data").get("charge");
        assertThat(charge.get("id").asLong()).isEqualTo(second);
        assertThat(charge.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(charge.get("amount").asLong()).isEqualTo(499);
        assertThat(charge.get("trade_no").asString()).isNotBlank();
    }

    @Test
    void aReceiverFailingTheFirstThreePostsGetsTheEventOnTheFourthAndTheLogShowsEachAttempt() {
        String event = eventOf(paidCharge());

        await(
                "the flaky endpoint to get the event",
                () -> RECEIVER.at("/flaky").stream().anyMatch(r -> r.eventId().equals(event) && r.answered() == 200));

        assertThat(RECEIVER.at("/flaky").stream()
                        .filter(r -> r.eventId().equals(event))
                        .map(WebhookReceiver.Received::answered))
                .containsExactly(500, 500, 500, 200);
        Answer shown = call("GET", "/api/events/" + event, null);
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        JsonNode flaky = null;
        for (JsonNode delivery : shown.json().get("deliveries")) {
            if (delivery.get("endpoint").asString().endsWith("/flaky")) {
                flaky = delivery;
            }
        }
        assertThat(flaky).as(shown.body()).isNotNull();
        assertThat(flaky.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(flaky.get("attempts").asInt()).isEqualTo(4);
        assertThat(flaky.get("log").valueStream().map(a -> a.get("http_status").asInt()))
                .containsExactly(500, 500, 500, 200);
        assertThat(shown.json().get("data").get("charge").get("status").asString())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void anEventCanBeListedAndRedelivered() {
        long chargeId = paidCharge();
        String event = eventOf(chargeId);
        await(
                "the good endpoint to get the event",
                () -> RECEIVER.at("/good").stream().anyMatch(r -> r.eventId().equals(event)));

        Answer listed = call("GET", "/api/events?type=charge.succeeded&limit=500", null);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json()
                        .get("events")
                        .valueStream()
                        .map(e -> e.get("id").asString()))
                .contains(event);

        Answer redelivered = call("POST", "/api/events/" + event + "/redeliver", null);
        assertThat(redelivered.status()).as(redelivered.body()).isEqualTo(202);
        await(
                "the good endpoint to get the event again",
                () -> RECEIVER.at("/good").stream()
                                .filter(r -> r.eventId().equals(event))
                                .count()
                        == 2);

        assertThat(call("GET", "/api/events/evt_nosuchevent", null).status()).isEqualTo(404);
        assertThat(call("POST", "/api/events/evt_nosuchevent/redeliver", null).status())
                .isEqualTo(404);
        assertThat(call("GET", "/api/events?limit=0", null).status()).isEqualTo(400);
    }

    @Test
    void theBacklogAndFailuresAreMetered() {
        String event = eventOf(paidCharge());
        await(
                "a failed POST of the event to the flaky endpoint",
                () -> RECEIVER.at("/flaky").stream().anyMatch(r -> r.eventId().equals(event) && r.answered() == 500));

        Answer metrics = call("GET", "/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        // The hanging endpoint (0) holds at least the first event it took.
        assertThat(metrics.body())
                .containsPattern("billing_webhooks_backlog\\{endpoint=\"0\"[^}]*\\} [1-9]")
                .containsPattern("billing_webhooks_attempts_total\\{endpoint=\"1\",result=\"failed\"[^}]*\\} [1-9]");
    }
}
