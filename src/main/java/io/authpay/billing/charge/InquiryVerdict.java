package io.authpay.billing.charge;

import java.util.Locale;

/**
 * What the engine concludes from inquiry about one attempt's {@code platform_order_id}: a verdict, not a
 * wire status (the client's {@code authpay.InquiryStatus} reads those; {@link InquirySettler} converts).
 */
enum InquiryVerdict {
    /** The order was paid. */
    PAID,
    /** The payment failed; treated like a soft decline. */
    PAYMENT_FAILED,
    /** Not paid yet: the attempt did not charge. */
    NOT_PAID_YET,
    /** No such order: the attempt never reached JKoPay's books. */
    NO_SUCH_ORDER,
    /** Still processing; ask again later. */
    PROCESSING,
    /** A status JKoPay never documented, or an order left out of the answer; ask again later. */
    UNRECOGNISED,
    /** The inquiry call itself failed (timeout, 5xx, unreadable body, error code); ask again later. */
    INQUIRY_FAILED;

    /** Whether the verdict proves the attempt did or did not take money. */
    public boolean isSettled() {
        return switch (this) {
            case PAID, PAYMENT_FAILED, NOT_PAID_YET, NO_SUCH_ORDER -> true;
            case PROCESSING, UNRECOGNISED, INQUIRY_FAILED -> false;
        };
    }

    /** How an operator reads this verdict, e.g. {@code "not paid yet"}. */
    String describe() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
