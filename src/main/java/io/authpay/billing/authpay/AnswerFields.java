package io.authpay.billing.authpay;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reading single fields of JKoPay answers, strictly: a field that is there but unreadable is a
 * malformed answer, never a guess. Amounts arrive as JSON numbers or as numeric strings.
 */
final class AnswerFields {

    /** JKoPay's times are UTC+8 wall-clock times without an offset. */
    static final ZoneId GATEWAY_ZONE = ZoneId.of("Asia/Taipei");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private AnswerFields() {}

    /** A required JSON object. */
    static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new MalformedAnswerException(what + " is " + kind(node) + ", expected an object");
        }
        return node;
    }

    /** A required non-blank string; an integral number is read as its digits (ids sent as numbers). */
    static String text(JsonNode parent, String field) {
        String value = optionalText(parent, field);
        if (value == null || value.isBlank()) {
            throw new MalformedAnswerException(field + " is missing");
        }
        return value;
    }

    /** A string that may be absent or null. */
    static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isIntegralNumber()) {
            return node.asString();
        }
        throw new MalformedAnswerException(field + " is " + kind(node) + ", expected a string");
    }

    /** A required amount in whole TWD: a JSON integer or a string of digits, never negative or fractional. */
    static long amount(JsonNode parent, String field) {
        long value = integer(parent, field);
        if (value < 0) {
            throw new MalformedAnswerException(field + " is negative: " + value);
        }
        return value;
    }

    /** An amount that may be absent or null. */
    static Long optionalAmount(JsonNode parent, String field) {
        return absent(parent.get(field)) ? null : amount(parent, field);
    }

    /** A required integer (amounts, statuses): a JSON integer or a string of digits. */
    static long integer(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            throw new MalformedAnswerException(field + " is missing");
        }
        if (node.isString()) {
            String text = node.stringValue();
            if (!INTEGER.matcher(text).matches()) {
                throw new MalformedAnswerException(field + " is not an integer: \"" + abbreviate(text) + "\"");
            }
            return Long.parseLong(text);
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber()) {
            // Read as BigDecimal (the mapper never makes doubles): 50.0 is 50, 50.5 is no amount.
            BigDecimal value = node.decimalValue();
            try {
                return value.stripTrailingZeros().longValueExact();
            } catch (ArithmeticException e) {
                throw new MalformedAnswerException(field + " is not an integer: " + value.toPlainString());
            }
        }
        throw new MalformedAnswerException(field + " is " + kind(node) + ", expected an integer");
    }

    /** A required status number (order status, inquiry status). */
    static int status(JsonNode parent, String field) {
        long value = integer(parent, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new MalformedAnswerException(field + " is out of range: " + value);
        }
        return (int) value;
    }

    /** A required {@code yyyy-MM-dd HH:mm:ss} time in UTC+8. */
    static Instant time(JsonNode parent, String field) {
        Instant value = optionalTime(parent, field);
        if (value == null) {
            throw new MalformedAnswerException(field + " is missing");
        }
        return value;
    }

    /** A {@code yyyy-MM-dd HH:mm:ss} time in UTC+8 that may be absent or null. */
    static Instant optionalTime(JsonNode parent, String field) {
        String text = optionalText(parent, field);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, TIME).atZone(GATEWAY_ZONE).toInstant();
        } catch (DateTimeException e) {
            throw new MalformedAnswerException(
                    field + " is not a yyyy-MM-dd HH:mm:ss time: \"" + abbreviate(text) + "\"");
        }
    }

    /** An epoch-milliseconds instant that may be absent or null. */
    static Instant optionalEpochMillis(JsonNode parent, String field) {
        return absent(parent.get(field)) ? null : Instant.ofEpochMilli(integer(parent, field));
    }

    /** A list of objects; absent or null is an empty list. */
    static <T> List<T> list(JsonNode parent, String field, Function<JsonNode, T> element) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new MalformedAnswerException(field + " is " + kind(node) + ", expected an array");
        }
        List<T> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(element.apply(object(node.get(i), field + "[" + i + "]")));
        }
        return List.copyOf(values);
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String kind(JsonNode node) {
        return absent(node) ? "missing" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
