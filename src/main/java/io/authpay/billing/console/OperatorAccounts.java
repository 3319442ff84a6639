package io.authpay.billing.console;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The named operators ({@code billing.operators.<name>=<hash>}): each name with a hash of its secret (a
 * password for the console, or a token) in Spring Security's {@code {id}hash} form, e.g. {@code
 * {bcrypt}$2a$12$...}. Only hashes are configured, never the secrets themselves.
 */
@ConfigurationProperties("billing")
public record OperatorAccounts(Map<String, String> operators) {

    public OperatorAccounts {
        operators = operators == null ? Map.of() : Map.copyOf(operators);
    }

    @Override
    public String toString() {
        return "OperatorAccounts" + operators.keySet();
    }
}
