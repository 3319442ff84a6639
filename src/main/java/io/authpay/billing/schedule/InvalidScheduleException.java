package io.authpay.billing.schedule;

/** A {@code jobs/*.yml} file that cannot be used; the message names the file and the field. */
public final class InvalidScheduleException extends RuntimeException {

    InvalidScheduleException(String message) {
        super(message);
    }

    InvalidScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}
