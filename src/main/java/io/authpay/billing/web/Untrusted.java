package io.authpay.billing.web;

/**
 * Values that came from outside (a request's path, a callback's fields) made safe to log: a CR or LF in
 * them could forge a log line of its own, and a huge one would flood the log. Control characters are
 * escaped and the value is cut after {@value #MAX_LENGTH} characters.
 */
final class Untrusted {

    static final int MAX_LENGTH = 100;

    private Untrusted() {}

    /** The value, on one line and at most {@value #MAX_LENGTH} characters (plus a note of the cut); "null" for null. */
    static String forLog(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 16);
        int shown = Math.min(value.length(), MAX_LENGTH);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > MAX_LENGTH) {
            out.append("...(").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
