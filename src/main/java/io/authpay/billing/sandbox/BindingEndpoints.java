package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.ResultCode;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code limited}, {@code detail} and {@code cancel}: creating, reading and cancelling bindings. */
final class BindingEndpoints {

    private final Store store;
    private final SandboxBindings bindings;
    private final String storeId;
    private final URI baseUrl;
    private final boolean autoGrant;

    BindingEndpoints(Store store, SandboxBindings bindings, String storeId, URI baseUrl, boolean autoGrant) {
        this.store = store;
        this.bindings = bindings;
        this.storeId = storeId;
        this.baseUrl = baseUrl;
        this.autoGrant = autoGrant;
    }

    Reply limited(Call call) {
        JsonNode body = call.body();
        String name = Fields.requiredString(body, "authpay_name", 60);
        String store = Fields.requiredString(body, "store_id", 36);
        if (!store.equals(storeId)) {
            throw Rejection.validation("store_id " + store + " is not this merchant's store");
        }
        String platformAuthpayId = Fields.optionalString(body, "platform_authpay_id", 60);
        JsonNode cancelable = Fields.member(body, "cancelable");
        if (cancelable != null && !cancelable.isBoolean()) {
            throw Rejection.validation("cancelable must be true or false");
        }
        JsonNode identities = Fields.member(body, "identities");
        if (identities != null
                && (!identities.isArray() || identities.valueStream().anyMatch(i -> !i.isString()))) {
            throw Rejection.validation("identities must be an array of strings");
        }
        long amount = Fields.requiredInteger(body, "billing_amount");
        if (amount <= 0) {
            throw Rejection.validation("billing_amount must be positive");
        }
        String currency = Fields.optionalString(body, "billing_currency", 3);
        if (currency != null && !currency.equals("TWD")) {
            throw Rejection.validation("billing_currency must be TWD");
        }
        SandboxBillingCycle cycle = billingCycle(Fields.member(body, "billing_cycle"));
        URI resultUrl = callbackUrl(Fields.requiredString(body, "result_url", 500), "result_url");
        String displayUrl = Fields.optionalString(body, "result_display_url", 500);
        if (displayUrl != null) {
            callbackUrl(displayUrl, "result_display_url");
        }

        SandboxBinding binding = bindings.create(name, platformAuthpayId, amount, cycle, resultUrl, autoGrant);
        ObjectNode result = Wire.JSON.createObjectNode();
        result.put("auth_no", binding.authNo());
        result.put("authpay_url", ApprovalPage.url(baseUrl, binding.authNo()));
        result.put("qr_img", ApprovalPage.qrUrl(baseUrl, binding.authNo()));
        result.put("qr_timeout", binding.qrTimeout().toEpochMilli());
        return Reply.of(Envelope.ok(result));
    }

    Reply detail(Call call) {
        SandboxBinding binding = store.binding(call.requiredParameter("auth_no"));
        if (binding == null) {
            return Reply.of(Envelope.of(ResultCode.INVALID_AUTH_NO));
        }
        ObjectNode result = Wire.JSON.createObjectNode();
        result.set("authpay", Wire.binding(binding));
        return Reply.of(Envelope.ok(result));
    }

    Reply cancel(Call call) {
        String authNo = Fields.requiredString(call.body(), "auth_no", 30);
        synchronized (store) {
            SandboxBinding binding = store.binding(authNo);
            if (binding == null) {
                return Reply.of(Envelope.of(ResultCode.INVALID_AUTH_NO));
            }
            return switch (binding.status()) {
                case CANCELLED -> Reply.of(Envelope.of(ResultCode.CANCELED_AUTH_NO));
                case UNGRANTED -> Reply.of(Envelope.of(ResultCode.BAD_REQUEST, "Ungranted authPay cannot be canceled"));
                case GRANTED -> {
                    store.update(authNo, b -> b.withStatus(SandboxBindingStatus.CANCELLED));
                    yield Reply.of(Envelope.ok(null));
                }
            };
        }
    }

    private static SandboxBillingCycle billingCycle(JsonNode cycle) {
        if (cycle == null) {
            return null;
        }
        if (!cycle.isObject()) {
            throw Rejection.validation("billing_cycle must be an object");
        }
        String periodName = Fields.requiredString(cycle, "period", 10);
        SandboxCyclePeriod period = SandboxCyclePeriod.fromWire(periodName)
                .orElseThrow(() -> Rejection.validation("billing_cycle.period must be week, month, quarter or year"));
        long times = Fields.optionalInteger(cycle, "times", 1);
        if (times < 1 || times > period.maxTimes()) {
            throw Rejection.validation("billing_cycle.times must be 1 to " + period.maxTimes() + " for " + periodName);
        }
        return new SandboxBillingCycle(period, (int) times);
    }

    /** JKoPay wants https; the sandbox also takes plain http to a loopback address, for tests and demos. */
    private static URI callbackUrl(String text, String field) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw Rejection.validation(field + " is not a URL");
        }
        String host = uri.getHost();
        boolean https = "https".equalsIgnoreCase(uri.getScheme()) && host != null;
        boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && host != null && isLoopback(host);
        if (!https && !loopbackHttp) {
            throw Rejection.validation(field + " must be an https URL (or http to a loopback address)");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]")) {
            return false; // never resolve names: a literal address or localhost only
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
