package io.authpay.billing.authpay;

/** The {@code status} of one order in an inquiry answer. */
public enum InquiryStatus {
    /** {@code 0}: paid; the item carries the transaction. */
    SUCCESS(0),
    /** {@code 1}: still being processed (OnlinePay's table); ask again later. */
    PROCESSING(1),
    /** {@code 100}: the payment failed; nothing was taken. */
    PAYMENT_FAILED(100),
    /** {@code 101}: not paid (yet). */
    NOT_PAID(101),
    /** {@code 102}: JKoPay has no order with this platform_order_id. */
    NO_SUCH_ORDER(102),
    /** Any other status: unknown, ask again later. */
    UNRECOGNISED(-1);

    private final int code;

    InquiryStatus(int code) {
        this.code = code;
    }

    /** The number on the wire; -1 for {@link #UNRECOGNISED}. */
    public int code() {
        return code;
    }

    /** The status of a wire number; {@link #UNRECOGNISED} for anything undocumented. */
    public static InquiryStatus of(int code) {
        for (InquiryStatus status : values()) {
            if (status != UNRECOGNISED && status.code == code) {
                return status;
            }
        }
        return UNRECOGNISED;
    }
}
