package io.authpay.billing.charge;

import java.util.Locale;

/** What inquiry said about one attempt's {@code platform_order_id}. */
public enum InquiryStatus {
    /** Status 0: paid. */
    PAID("0"),
    /** Status 100: the payment failed; treated like a soft decline. */
    PAYMENT_FAILED("100"),
    /** Status 101: not paid yet; the attempt did not charge. */
    NOT_PAID_YET("101"),
    /** Status 102: no such order; the attempt never reached JKoPay's books. */
    NO_SUCH_ORDER("102"),
    /** Status 1 (OnlinePay's table): still processing; ask again later. */
    PROCESSING("1"),
    /** A status JKoPay never documented; ask again later. */
    UNRECOGNISED(null),
    /** The inquiry call itself failed (timeout, 5xx, unreadable body, error code); ask again later. */
    INQUIRY_FAILED(null);

    private final String status;

    InquiryStatus(String status) {
        this.status = status;
    }

    /** The status of an inquiry's transaction entry as sent ({@code 0}, {@code "101"}, ...). */
    public static InquiryStatus of(String status) {
        String trimmed = status == null ? "" : status.trim();
        for (InquiryStatus candidate : values()) {
            if (trimmed.equals(candidate.status)) {
                return candidate;
            }
        }
        return UNRECOGNISED;
    }

    /** Whether the answer proves the attempt did or did not take money. */
    public boolean isSettled() {
        return switch (this) {
            case PAID, PAYMENT_FAILED, NOT_PAID_YET, NO_SUCH_ORDER -> true;
            case PROCESSING, UNRECOGNISED, INQUIRY_FAILED -> false;
        };
    }

    /** How an operator reads this answer, e.g. {@code "status 101 (not paid yet)"}. */
    String describe() {
        String words = name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return status == null ? words : "status " + status + " (" + words + ")";
    }
}
