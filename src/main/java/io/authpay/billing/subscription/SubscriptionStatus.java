package io.authpay.billing.subscription;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Where a subscription stands; stored by name in {@code subscription.status}. */
public enum SubscriptionStatus {
    /** Charged every period. */
    ACTIVE,
    /** A period could not be collected; still charged. */
    PAST_DUE,
    /** Paused by the merchant: nothing is charged. */
    PAUSED,
    /** Ended by the merchant or the customer. */
    CANCELED,
    /** The customer's binding is invalid or cancelled at JKoPay: nothing is charged. */
    AUTH_REVOKED;

    /** The statuses whose charges are attempted and whose bindings are kept fresh. */
    public static final Set<SubscriptionStatus> CHARGEABLE = EnumSet.of(ACTIVE, PAST_DUE);

    /** {@link #CHARGEABLE} as an SQL list, {@code 'ACTIVE', 'PAST_DUE'}, for statements built from constants. */
    public static final String CHARGEABLE_SQL =
            CHARGEABLE.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    public boolean chargeable() {
        return CHARGEABLE.contains(this);
    }
}
