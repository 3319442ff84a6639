package io.authpay.billing.sandbox;

import tools.jackson.databind.JsonNode;

/** Reads request fields, throwing a 201 {@link Rejection} that names the field when one is wrong. */
final class Fields {

    private Fields() {}

    /** The member, or null when it is absent or JSON null. */
    static JsonNode member(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    static String requiredString(JsonNode object, String name, int maxChars) {
        String value = optionalString(object, name, maxChars);
        if (value == null || value.isBlank()) {
            throw Rejection.validation(name + " is required");
        }
        return value;
    }

    /** Lengths count characters (code points), as JKoPay's string(n) does for Chinese names. */
    static String optionalString(JsonNode object, String name, int maxChars) {
        JsonNode value = member(object, name);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw Rejection.validation(name + " must be a string");
        }
        String text = value.stringValue();
        if (text.codePointCount(0, text.length()) > maxChars) {
            throw Rejection.validation(name + " is longer than " + maxChars + " characters");
        }
        return text;
    }

    static long requiredInteger(JsonNode object, String name) {
        JsonNode value = member(object, name);
        if (value == null) {
            throw Rejection.validation(name + " is required");
        }
        return integer(value, name);
    }

    static long optionalInteger(JsonNode object, String name, long absent) {
        JsonNode value = member(object, name);
        return value == null ? absent : integer(value, name);
    }

    static JsonNode requiredObject(JsonNode object, String name) {
        JsonNode value = member(object, name);
        if (value == null || !value.isObject()) {
            throw Rejection.validation(name + " must be an object");
        }
        return value;
    }

    /** Money and counts are JSON integers; 499.0 or "499" are refused rather than guessed at. */
    private static long integer(JsonNode value, String name) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw Rejection.validation(name + " must be an integer");
        }
        return value.longValue();
    }
}
