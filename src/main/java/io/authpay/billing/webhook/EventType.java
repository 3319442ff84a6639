package io.authpay.billing.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events sent to the merchant's endpoints, by their names on the wire. */
public enum EventType {
    CHARGE_SUCCEEDED("charge.succeeded"),
    CHARGE_FAILED("charge.failed"),
    CHARGE_NEEDS_REVIEW("charge.needs_review"),
    SUBSCRIPTION_PAST_DUE("subscription.past_due"),
    SUBSCRIPTION_AUTH_REVOKED("subscription.auth_revoked"),
    SUBSCRIPTION_CANCELED("subscription.canceled"),
    REFUND_SUCCEEDED("refund.succeeded");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static Optional<EventType> byWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** The event of a charge that reached this status, if that status has one. */
    static Optional<EventType> ofChargeStatus(String status) {
        return switch (status) {
            case "SUCCEEDED" -> Optional.of(CHARGE_SUCCEEDED);
            case "FAILED" -> Optional.of(CHARGE_FAILED);
            case "NEEDS_REVIEW" -> Optional.of(CHARGE_NEEDS_REVIEW);
            default -> Optional.empty();
        };
    }
}
