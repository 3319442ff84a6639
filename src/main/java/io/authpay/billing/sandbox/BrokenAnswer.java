package io.authpay.billing.sandbox;

/** An answer that is not a JSON envelope: what proxies and crashes produce in practice. */
public enum BrokenAnswer {
    /** HTTP 502 with {@code Content-Type: text/html} and a proxy's error page. */
    HTML_502(Fault.HTML_502),
    /** HTTP 200, {@code application/json}, but the body stops half way through the envelope. */
    MALFORMED_JSON(Fault.MALFORMED_JSON),
    /** HTTP 200, {@code application/json}, and no body at all. */
    EMPTY_BODY(Fault.EMPTY_BODY);

    private final Fault fault;

    BrokenAnswer(Fault fault) {
        this.fault = fault;
    }

    Fault fault() {
        return fault;
    }
}
