package io.authpay.billing.sandbox;

/** A scripted fault that shaped an answer, as the request log records it. */
public enum Fault {
    /** A scripted result code replaced the answer; nothing was charged. */
    SCRIPTED_RESULT,
    /** The charge took effect, then the answer was withheld and the connection dropped. */
    TIMEOUT_AFTER_CHARGE,
    /** The charge took effect, then the answer was {@code 999}. */
    INTERNAL_ERROR_AFTER_CHARGE,
    /** The answer was an HTML 502 page. */
    HTML_502,
    /** The answer was JSON cut off half way. */
    MALFORMED_JSON,
    /** The answer had an empty body. */
    EMPTY_BODY
}
