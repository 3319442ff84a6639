package io.authpay.billing.web;

/** A request the API cannot act on as it stands (a bad field, a missing reason): 400. */
final class BadRequestException extends RuntimeException {

    // audit_event.reason is a VARCHAR(1000).
    private static final int REASON_LENGTH = 1000;

    BadRequestException(String message) {
        super(message);
    }

    /** An operator's reason as given, refused when the audit log could not keep it whole. */
    static String reason(String reason) {
        if (reason != null && reason.length() > REASON_LENGTH) {
            throw new BadRequestException("reason must be at most " + REASON_LENGTH + " characters");
        }
        return reason;
    }
}
