package io.authpay.billing.charge;

import java.time.Instant;

/**
 * One stored attempt of a charge.
 *
 * @param outcome the outcome class, or null while in flight (or when its process died)
 * @param resultCode the code JKoPay answered, or null
 * @param settledBy RESPONSE or INQUIRY once the attempt's effect is known; null while nobody knows whether
 *     it moved money
 */
record AttemptRow(
        long id,
        long chargeId,
        int attemptNo,
        String platformOrderId,
        String outcome,
        String resultCode,
        String settledBy,
        Instant requestedAt) {

    /** Whether nobody knows yet whether this attempt moved money. */
    boolean unsettled() {
        return settledBy == null;
    }
}
