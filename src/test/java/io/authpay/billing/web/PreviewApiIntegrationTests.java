package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/preview}: the daily run's dry run over the API, changing nothing. */
class PreviewApiIntegrationTests extends ServeIntegrationTest {

    @Test
    void thePreviewNamesTheDueChargeAndChangesNothing() {
        String externalId = subscription(grantedBinding());
        long chargeId = charge(externalId, "DUE", null);
        long attempts = jdbc.queryForObject("SELECT COUNT(*) FROM charge_attempt", Long.class);
        int requests = SANDBOX.ledger().requests().size();

        Answer answer = call("GET", "/api/preview?date=2026-12-01", null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode preview = answer.json().get("preview");
        int charges = preview.get("charges").asInt();
        assertThat(charges).isPositive();
        assertThat(answer.json().get("headline").asString())
                .startsWith("daily-billing dry run for 2026-12-01: would attempt " + charges + " charges, ");
        assertThat(preview.get("first_rows")
                        .valueStream()
                        .map(r -> r.get("charge_id").asLong()))
                .contains(chargeId);
        assertThat(jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeId))
                .isEqualTo("DUE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge_attempt", Long.class))
                .isEqualTo(attempts);
        assertThat(SANDBOX.ledger().requests()).hasSize(requests);

        Answer nightly = call("GET", "/api/preview?job=nightly-billing", null);
        assertThat(nightly.status()).as(nightly.body()).isEqualTo(200);
        assertThat(nightly.json().get("headline").asString()).startsWith("nightly-billing dry run for 2026-12-01");

        assertThat(call("GET", "/api/preview?date=yesterday", null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/preview?date=2020-01-01", null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/preview?job=weekly", null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/preview", null, null).status()).isEqualTo(401);
    }
}
