package io.authpay.billing.sandbox;

import java.util.List;

/** What a request is about, read leniently before validation: for fault matching and the request log. */
record Subject(String authNo, List<String> platformOrderIds) {

    static final Subject NONE = new Subject(null, List.of());

    Subject {
        platformOrderIds = List.copyOf(platformOrderIds);
    }
}
