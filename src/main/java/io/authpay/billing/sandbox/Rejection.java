package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.ResultCode;

/** A request the sandbox refuses with a result code; thrown from deep in validation, caught by the handler. */
final class Rejection extends RuntimeException {

    private final ResultCode code;

    private Rejection(ResultCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** 201 with {@code "Validation error: <detail>"}. */
    static Rejection validation(String detail) {
        return new Rejection(ResultCode.VALIDATION_ERROR, ResultCode.VALIDATION_ERROR.message() + ": " + detail);
    }

    /** 200 {@code "Bad request"}: the body is not a JSON object. */
    static Rejection badRequest() {
        return new Rejection(ResultCode.BAD_REQUEST, ResultCode.BAD_REQUEST.message());
    }

    Envelope envelope() {
        return Envelope.of(code, getMessage());
    }
}
