package io.authpay.billing.charge;

import io.authpay.billing.system.RefusedException;

/** An operator's action on a charge was refused, for a reason the operator can act on; nothing changed. */
public final class ChargeActionRefusedException extends RefusedException {

    /** Why nothing was done. */
    public enum Reason implements RefusedException.Reason {
        /** No subscription with that external id. */
        UNKNOWN_SUBSCRIPTION(true),
        /** No charge with that id. */
        UNKNOWN_CHARGE(true),
        /** The subscription has no DUE or RETRY_SCHEDULED charge. */
        NOTHING_DUE(false),
        /** The charge waits for its next attempt time (a dunning retry, a deferral). */
        NOT_YET_DUE(false),
        /** The subscription is paused, cancelled or revoked: its charges are not attempted. */
        NOT_CHARGEABLE(false),
        /** Outside the billing window (or too close to its end) JKoPay refuses charges. */
        OUTSIDE_WINDOW(false),
        /** Another charge on the same auth_no is in flight (its lease is held by another run or node). */
        BUSY(false),
        /** Only a NEEDS_REVIEW charge can be resolved. */
        NOT_NEEDS_REVIEW(false);

        private final boolean unknownTarget;

        Reason(boolean unknownTarget) {
            this.unknownTarget = unknownTarget;
        }

        @Override
        public boolean unknownTarget() {
            return unknownTarget;
        }
    }

    ChargeActionRefusedException(Reason reason, String message) {
        super(reason, message);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
