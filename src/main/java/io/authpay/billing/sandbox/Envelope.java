package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.ResultCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JKoPay's answer envelope: {@code {"result": "000", "message": null, "result_object": {...}}}. */
record Envelope(String result, String message, JsonNode resultObject) {

    static Envelope ok(JsonNode resultObject) {
        return new Envelope(ResultCode.SUCCESS.code(), null, resultObject);
    }

    static Envelope of(ResultCode code) {
        return of(code, code.message());
    }

    static Envelope of(ResultCode code, String message) {
        return code == ResultCode.SUCCESS ? ok(null) : new Envelope(code.code(), message, null);
    }

    byte[] toJson() {
        ObjectNode node = Wire.JSON.createObjectNode();
        node.put("result", result);
        node.put("message", message);
        node.set("result_object", resultObject);
        return Wire.JSON.writeValueAsBytes(node);
    }
}
