package io.authpay.billing.console;

import io.authpay.billing.web.OperatorSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Who an operator is, from a name and a secret: the single {@code billing.operator.token} is the operator
 * named {@code billing.operator.name} ("operator" by default), compared in constant time; every name of
 * {@code billing.operators} is checked against its hash. The one place that decides whether a credential is
 * good. Secrets are never logged nor kept.
 */
@Component
@Profile("serve")
public class OperatorCredentials {

    private final String tokenOperator;
    private final byte[] token;
    private final Map<String, String> hashes;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    // Checked when the name is unknown, so that an unknown name takes as long as a wrong secret.
    private final String decoy = encoder.encode("decoy-" + System.nanoTime());

    OperatorCredentials(OperatorSettings settings, OperatorAccounts accounts) {
        this.tokenOperator = settings.name();
        this.token = settings.token() == null ? null : settings.token().strip().getBytes(StandardCharsets.UTF_8);
        accounts.operators().forEach((name, hash) -> {
            if (name.equals(tokenOperator)) {
                throw new IllegalStateException("billing.operators." + name + " is the name of the holder of"
                        + " billing.operator.token; give that operator another name");
            }
            if (hash == null || !hash.startsWith("{") || !hash.contains("}")) {
                throw new IllegalStateException("billing.operators." + name + " must be a hash in the form"
                        + " {bcrypt}$2a$..., not the secret itself");
            }
        });
        this.hashes = accounts.operators();
    }

    /** Whether {@code secret} is the secret of the operator named {@code name}. */
    public boolean matches(String name, String secret) {
        if (name == null || secret == null || secret.isEmpty()) {
            return false;
        }
        if (name.equals(tokenOperator)) {
            return token != null && MessageDigest.isEqual(token, secret.strip().getBytes(StandardCharsets.UTF_8));
        }
        String hash = hashes.get(name);
        if (hash == null) {
            encoder.matches(secret, decoy);
            return false;
        }
        return encoder.matches(secret, hash);
    }
}
