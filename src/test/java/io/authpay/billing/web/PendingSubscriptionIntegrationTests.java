package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.BillingPeriod;
import io.authpay.billing.authpay.CreateBindingRequest;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.subscription.SubscriptionService;
import io.authpay.billing.testing.ServeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A subscription stored with its binding stays PENDING until JKoPay's callback confirms the binding granted. */
class PendingSubscriptionIntegrationTests extends ServeIntegrationTest {

    @Autowired
    BindingService bindings;

    @Autowired
    SubscriptionService subscriptions;

    @Test
    void aPendingSubscriptionBecomesActiveWhenTheCallbackConfirmsTheBinding() {
        String authNo = bindings.create(new CreateBindingRequest(
                        "Gold plan",
                        "pending-" + System.nanoTime(),
                        499,
                        BillingPeriod.MONTH,
                        1,
                        "http://127.0.0.1:" + port + "/callbacks/authpay/binding",
                        null))
                .successValue()
                .orElseThrow()
                .authNo();
        String externalId = "pending-" + System.nanoTime();
        subscriptions.createPending(
                new SubscriptionService.Create(
                        externalId, authNo, "499", "TWD", "MONTH", "2026-12-01", "Gold plan", null),
                ACTOR);
        assertThat(status(externalId)).isEqualTo("PENDING");
        assertThat(call("GET", "/api/preview", null)
                        .json()
                        .get("preview")
                        .get("first_rows")
                        .toString())
                .as("a pending subscription is not charged")
                .doesNotContain(externalId);

        SANDBOX.grant(authNo); // the customer approves; JKoPay posts the result

        await("the subscription to become ACTIVE", () -> "ACTIVE".equals(status(externalId)));
        assertThat(audit("SUBSCRIPTION", externalId))
                .containsExactly(
                        ACTOR + " CREATE_PENDING_SUBSCRIPTION -",
                        "binding-callback ACTIVATE_SUBSCRIPTION binding " + authNo + " granted");
    }

    String status(String externalId) {
        return jdbc.queryForObject("SELECT status FROM subscription WHERE external_id = ?", String.class, externalId);
    }
}
