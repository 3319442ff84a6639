package io.authpay.billing.authpay;

/**
 * Why a call ended without an answer we can trust. Every reason means the same thing to the billing
 * policy ({@link OutcomeClass#UNKNOWN}: settle with inquiry, never by charging again blindly); the
 * reason is for the operator, and {@link #requestSent()} tells whether the gateway could have acted.
 */
public enum UnknownReason {
    /** The request went out and no answer came within the response timeout. */
    TIMEOUT("no answer within the response timeout; the gateway may have acted on the request"),
    /** No connection could be made (refused, connect timeout, unknown host, TLS handshake, pool exhausted). */
    CONNECTION_REFUSED("could not connect to the gateway; nothing was sent"),
    /** The connection broke or another I/O error happened after the request started going out. */
    CONNECTION_RESET("the connection broke during the exchange; the gateway may have acted on the request"),
    /** The gateway (or a proxy in front of it) answered with a non-2xx HTTP status. */
    HTTP_ERROR("the gateway answered with an HTTP error status"),
    /** The body is not JSON: an HTML error page, a cut-off body, garbage. */
    NOT_JSON("the answer is not valid JSON"),
    /** A 2xx answer without a body. */
    EMPTY_BODY("the answer has an empty body"),
    /** JSON, but without a {@code result} string, or with a {@code result_object} that cannot be read. */
    MALFORMED_ENVELOPE("the answer is not a readable AuthPay envelope"),
    /** A {@code result} code that JKoPay's tables do not document. */
    UNDOCUMENTED_CODE("the gateway answered with an undocumented result code");

    private final String meaning;

    UnknownReason(String meaning) {
        this.meaning = meaning;
    }

    /** One human sentence for logs and reports. */
    public String meaning() {
        return meaning;
    }

    /** False only when nothing reached the gateway, so it cannot have acted on the request. */
    public boolean requestSent() {
        return this != CONNECTION_REFUSED;
    }
}
