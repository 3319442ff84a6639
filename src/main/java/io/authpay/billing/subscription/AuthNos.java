package io.authpay.billing.subscription;

import java.util.regex.Pattern;

/**
 * What an {@code auth_no} looks like: letters and digits, at most {@value #MAX_LENGTH} of them. The importer
 * refuses any other, and the binding callback refuses any other before asking JKoPay about it.
 */
public final class AuthNos {

    /** The longest auth_no taken. */
    public static final int MAX_LENGTH = 30;

    static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9]+");

    private AuthNos() {}

    /** Whether {@code value} is an auth_no of the shape the importer takes. */
    public static boolean isValid(String value) {
        return value != null
                && value.length() <= MAX_LENGTH
                && PATTERN.matcher(value).matches();
    }
}
