package io.authpay.billing.schedule;

/** A schedule's fire failed: the job could not be launched, or its run ended FAILED. Already recorded. */
final class ScheduledRunException extends RuntimeException {

    ScheduledRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
