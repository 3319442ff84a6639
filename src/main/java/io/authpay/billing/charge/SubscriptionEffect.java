package io.authpay.billing.charge;

/** What a charge decision does to its subscription. */
enum SubscriptionEffect {
    /** The subscription is left as it is. */
    NONE,
    /** The period is paid: move the subscription's next billing date to the following period. */
    ADVANCE,
    /** The period could not be collected: the subscription becomes PAST_DUE. */
    PAST_DUE,
    /** The customer's binding is invalid or cancelled: the subscription becomes AUTH_REVOKED. */
    AUTH_REVOKED
}
