package io.authpay.billing.sandbox;

import java.time.Duration;

/**
 * What an endpoint decided: the envelope, the scripted fault that shaped it (or null), and, for a
 * timeout after charge, how long to withhold it before dropping the connection (or null).
 */
record Reply(Envelope envelope, Fault fault, Duration withheldFor) {

    static Reply of(Envelope envelope) {
        return new Reply(envelope, null, null);
    }
}
