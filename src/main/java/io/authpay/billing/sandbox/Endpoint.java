package io.authpay.billing.sandbox;

import java.util.Arrays;
import java.util.Optional;

/** The six platform endpoints of JKoPay AuthPay that the sandbox answers. */
public enum Endpoint {
    /** Create a limited binding: {@code POST /platform/authpay/limited}. */
    LIMITED("POST", "/platform/authpay/limited"),
    /** Charge a binding: {@code POST /platform/authpay/transaction}. */
    TRANSACTION("POST", "/platform/authpay/transaction"),
    /** Refund (part of) a paid order: {@code POST /platform/authpay/refund}. */
    REFUND("POST", "/platform/authpay/refund"),
    /** Order status of up to 20 orders: {@code GET /platform/authpay/inquiry}. */
    INQUIRY("GET", "/platform/authpay/inquiry"),
    /** Binding status: {@code GET /platform/authpay/detail}. */
    DETAIL("GET", "/platform/authpay/detail"),
    /** Cancel a binding: {@code POST /platform/authpay/cancel}. */
    CANCEL("POST", "/platform/authpay/cancel");

    private final String method;
    private final String path;

    Endpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** The HTTP method JKoPay expects, {@code GET} or {@code POST}. */
    public String method() {
        return method;
    }

    /** The request path, e.g. {@code /platform/authpay/transaction}. */
    public String path() {
        return path;
    }

    static Optional<Endpoint> forPath(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }
}
