package io.authpay.billing.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the operator API ({@code billing.operator.*}).
 *
 * @param token the bearer token every {@code /api} request must carry ({@code Authorization: Bearer
 *     <token>}); required by {@code serve}; a secret: never logged
 * @param name the name audit events give the holder of the token (their {@code actor})
 */
@ConfigurationProperties("billing.operator")
public record OperatorSettings(
        String token, @DefaultValue("operator") String name) {

    static final String TOKEN_KEY = "billing.operator.token";
    private static final int MINIMUM_LENGTH = 16;

    /** Refuses a missing or short token, with a message naming the key. */
    static void requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new TokenMissingException(TOKEN_KEY + " is not set: serve refuses to start without the bearer"
                    + " token that protects its operator API; set it (e.g. BILLING_OPERATOR_TOKEN) to a long"
                    + " random secret");
        }
        if (token.strip().length() < MINIMUM_LENGTH) {
            throw new TokenMissingException(
                    TOKEN_KEY + " is too short: use at least " + MINIMUM_LENGTH + " random characters");
        }
    }

    /** {@code serve} has no usable operator token. */
    static final class TokenMissingException extends IllegalStateException {
        TokenMissingException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "OperatorSettings[token=" + (token == null ? "unset" : "set") + ", name=" + name + "]";
    }
}
