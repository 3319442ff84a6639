package io.authpay.billing.authpay;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Where and how {@link AuthPayClient} talks to JKoPay. Built from the {@code billing.authpay.*}
 * properties; every check names the property, never its value, and {@link #toString()} never shows
 * the secret key nor the whole API key.
 *
 * @param baseUrl scheme, host and optional path prefix of the gateway, e.g. {@code
 *     https://uat-onlinepay.jkopay.app} ({@code billing.authpay.base-url}); a trailing slash is dropped
 * @param apiKey the merchant's API key, sent in the {@code api-key} header ({@code billing.authpay.api-key})
 * @param secretKey the HMAC key of the {@code digest} header ({@code billing.authpay.secret-key})
 * @param storeId the merchant's store, sent when creating a binding ({@code billing.authpay.store-id})
 * @param connectTimeout how long to wait for a TCP/TLS connection ({@code billing.authpay.connect-timeout})
 * @param responseTimeout how long to wait for the answer's bytes once the request is sent
 *     ({@code billing.authpay.response-timeout}); the lease on an auth_no must outlive it
 * @param maxConnections pooled connections to the gateway ({@code billing.authpay.max-connections})
 */
public record AuthPayClientConfig(
        String baseUrl,
        String apiKey,
        String secretKey,
        String storeId,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxConnections) {

    /** Integrations use 5–10 s to connect. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Integrations use 10–30 s; JKoPay documents no bound of its own. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** Enough for the charge concurrency of a daily run; the pool is the only limit on calls in flight. */
    public static final int DEFAULT_MAX_CONNECTIONS = 20;

    public AuthPayClientConfig {
        baseUrl = normalizeBaseUrl(required(baseUrl, "billing.authpay.base-url"));
        required(apiKey, "billing.authpay.api-key");
        required(secretKey, "billing.authpay.secret-key");
        required(storeId, "billing.authpay.store-id");
        positive(connectTimeout, "billing.authpay.connect-timeout");
        positive(responseTimeout, "billing.authpay.response-timeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("billing.authpay.max-connections must be at least 1");
        }
    }

    /** A configuration with the default timeouts and pool size. */
    public static AuthPayClientConfig of(String baseUrl, String apiKey, String secretKey, String storeId) {
        return new AuthPayClientConfig(
                baseUrl,
                apiKey,
                secretKey,
                storeId,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_RESPONSE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS);
    }

    /** A copy with other timeouts. */
    public AuthPayClientConfig withTimeouts(Duration connect, Duration response) {
        return new AuthPayClientConfig(baseUrl, apiKey, secretKey, storeId, connect, response, maxConnections);
    }

    /** A copy with another pool size. */
    public AuthPayClientConfig withMaxConnections(int connections) {
        return new AuthPayClientConfig(
                baseUrl, apiKey, secretKey, storeId, connectTimeout, responseTimeout, connections);
    }

    /** Shows the last four characters of the API key at most, and never the secret key. */
    @Override
    public String toString() {
        return "AuthPayClientConfig[baseUrl=" + baseUrl
                + ", apiKey=" + maskedApiKey()
                + ", secretKey=(hidden)"
                + ", storeId=" + storeId
                + ", connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout
                + ", maxConnections=" + maxConnections + "]";
    }

    private String maskedApiKey() {
        // Short keys are hidden entirely: four characters of an eight-character key is half of it.
        return apiKey.length() >= 12 ? "****" + apiKey.substring(apiKey.length() - 4) : "****";
    }

    private static String required(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " is not set");
        }
        return value;
    }

    private static void positive(Duration value, String property) {
        if (value == null) {
            throw new IllegalArgumentException(property + " is not set");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive");
        }
    }

    private static String normalizeBaseUrl(String value) {
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            // The value itself stays out of the message: a URL may carry credentials.
            throw new IllegalArgumentException("billing.authpay.base-url is not a valid URL");
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "billing.authpay.base-url must be an absolute http(s) URL without query or fragment");
        }
        return trimmed;
    }
}
