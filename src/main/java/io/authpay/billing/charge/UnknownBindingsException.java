package io.authpay.billing.charge;

/**
 * The nightly refresh stopped because JKoPay answered 301/302 for many bindings in a row: the step fails
 * with this message, and the bindings of that streak were not revoked.
 */
final class UnknownBindingsException extends RuntimeException {

    UnknownBindingsException(String message) {
        super(message);
    }
}
