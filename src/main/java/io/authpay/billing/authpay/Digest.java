package io.authpay.billing.authpay;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code digest} header of JKoPay's platform API: lowercase hex HMAC-SHA256 keyed with the UTF-8
 * bytes of the secret key. For a POST the input is the body exactly as sent; for a GET it is the raw
 * query string without {@code ?}, not URL-encoded.
 */
public final class Digest {

    private final SecretKeySpec key;

    /** @param secretKey the merchant's secret key; kept only inside the MAC key, never printed */
    public Digest(String secretKey) {
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("the AuthPay secret key is empty");
        }
        this.key = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The digest of these exact bytes. */
    public String sign(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(input));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The digest of a GET query string (or any text), over its UTF-8 bytes. */
    public String sign(String input) {
        return sign(input.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time comparison of a received digest with the one these bytes should have. */
    public boolean matches(byte[] input, String received) {
        if (received == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(
                sign(input).getBytes(StandardCharsets.US_ASCII),
                received.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Digest[secret hidden]";
    }
}
