package io.authpay.billing.authpay;

/** A field of an answer that cannot be read; the translator turns it into an unknown outcome. */
final class MalformedAnswerException extends RuntimeException {

    MalformedAnswerException(String message) {
        super(message, null, false, false);
    }
}
