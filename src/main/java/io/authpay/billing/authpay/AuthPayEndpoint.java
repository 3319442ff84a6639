package io.authpay.billing.authpay;

import java.util.Arrays;
import java.util.Optional;

/** The six AuthPay endpoints of JKoPay's platform API. */
public enum AuthPayEndpoint {
    /** Create a binding link the user opens to authorize recurring charges. */
    CREATE_BINDING("POST", "/platform/authpay/limited"),
    /** Charge a granted binding. */
    CHARGE("POST", "/platform/authpay/transaction"),
    /** Refund (part of) a paid order. */
    REFUND("POST", "/platform/authpay/refund"),
    /** Status of up to 20 orders by platform_order_id. */
    INQUIRY("GET", "/platform/authpay/inquiry"),
    /** Status of one binding by auth_no. */
    DETAIL("GET", "/platform/authpay/detail"),
    /** Cancel a binding. */
    CANCEL("POST", "/platform/authpay/cancel");

    private final String method;
    private final String path;

    AuthPayEndpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** {@code GET} or {@code POST}. */
    public String method() {
        return method;
    }

    /** The path below the base URL, starting with {@code /}. */
    public String path() {
        return path;
    }

    /** The endpoint with this path, if it is one of the six. */
    public static Optional<AuthPayEndpoint> forPath(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }
}
