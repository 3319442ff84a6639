package io.authpay.billing.authpay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The checks a request passes before it is sent: JKoPay's field limits, plus one of ours. Lengths
 * count characters (code points), not bytes: trade names are usually Chinese.
 */
final class RequestChecks {

    /**
     * Ids travel unencoded in the inquiry and detail query strings (the digest is computed over the
     * raw query), so they are limited to characters that never need URL-encoding. An order id that
     * could be charged but not inquired could never be settled after a timeout.
     */
    private static final Pattern WIRE_ID = Pattern.compile("[A-Za-z0-9._~-]+");

    private RequestChecks() {}

    /** An id that can appear in a query string as is, of at most {@code maxLength} characters. */
    static String id(String value, String field, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(
                    field + " has " + value.length() + " characters; JKoPay allows at most " + maxLength);
        }
        if (!WIRE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " may contain only letters, digits, '-', '_', '.' and '~': \"" + value + "\"");
        }
        return value;
    }

    /** Non-blank text of at most {@code maxLength} characters. */
    static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw new IllegalArgumentException(
                    field + " has " + length + " characters; JKoPay allows at most " + maxLength);
        }
        return value;
    }

    /** A positive amount in whole TWD. */
    static long amount(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be a positive amount of TWD, was " + value);
        }
        return value;
    }

    /**
     * An absolute http(s) URL of at most 500 characters. JKoPay wants https; plain http is let through
     * because the sandbox and local runs have no certificate.
     */
    static String url(String value, String field) {
        text(value, field, 500);
        try {
            URI uri = new URI(value);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null) {
                throw new IllegalArgumentException(field + " must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid URL");
        }
        return value;
    }
}
