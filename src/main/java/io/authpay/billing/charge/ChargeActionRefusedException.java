package io.authpay.billing.charge;

/** An operator's action on a charge was refused, for a reason the operator can act on; nothing changed. */
public final class ChargeActionRefusedException extends RuntimeException {

    /** Why nothing was done. */
    public enum Reason {
        /** No subscription with that external id. */
        UNKNOWN_SUBSCRIPTION,
        /** No charge with that id. */
        UNKNOWN_CHARGE,
        /** The subscription has no DUE or RETRY_SCHEDULED charge. */
        NOTHING_DUE,
        /** The charge waits for its next attempt time (a dunning retry, a deferral). */
        NOT_YET_DUE,
        /** The subscription is paused, cancelled or revoked: its charges are not attempted. */
        NOT_CHARGEABLE,
        /** Outside the billing window (or too close to its end) JKoPay refuses charges. */
        OUTSIDE_WINDOW,
        /** Another charge on the same auth_no is in flight (its lease is held by another run or node). */
        BUSY,
        /** Only a NEEDS_REVIEW charge can be resolved. */
        NOT_NEEDS_REVIEW
    }

    private final Reason reason;

    ChargeActionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
