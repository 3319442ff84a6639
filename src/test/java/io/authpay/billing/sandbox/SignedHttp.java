package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare JKoPay caller for the tests: signs with {@link Digest} and sends with the JDK HttpClient. */
final class SignedHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI baseUrl;
    private final String apiKey;
    private final Digest digest;
    private final Duration timeout;

    SignedHttp(URI baseUrl, String apiKey, Digest digest, Duration timeout) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.digest = digest;
        this.timeout = timeout;
    }

    SignedHttp withApiKey(String otherKey) {
        return new SignedHttp(baseUrl, otherKey, digest, timeout);
    }

    SignedHttp withSecret(String otherSecret) {
        return new SignedHttp(baseUrl, apiKey, new Digest(otherSecret), timeout);
    }

    SignedHttp withTimeout(Duration otherTimeout) {
        return new SignedHttp(baseUrl, apiKey, digest, otherTimeout);
    }

    Answer post(AuthPayEndpoint endpoint, String body) {
        return join(postAsync(endpoint, body));
    }

    CompletableFuture<Answer> postAsync(AuthPayEndpoint endpoint, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(endpoint.path()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("api-key", apiKey)
                .header("digest", digest.sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return send(request);
    }

    /** A GET whose query is given decoded (as signed) and sent percent-encoded. */
    Answer get(AuthPayEndpoint endpoint, String query) {
        URI uri;
        try {
            uri = new URI(
                    baseUrl.getScheme(), null, baseUrl.getHost(), baseUrl.getPort(), endpoint.path(), query, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("api-key", apiKey)
                .header("digest", digest.sign(query))
                .GET()
                .build();
        return join(send(request));
    }

    /** An arbitrary request, unsigned unless the caller adds headers. */
    static Answer raw(HttpRequest request) {
        return join(send(request));
    }

    private static CompletableFuture<Answer> send(HttpRequest request) {
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> new Answer(
                        response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""),
                        response.body()));
    }

    private static Answer join(CompletableFuture<Answer> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }

    /** What came back. */
    record Answer(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String result() {
            return json().get("result").stringValue();
        }

        String message() {
            JsonNode message = json().get("message");
            return message.isNull() ? null : message.stringValue();
        }

        JsonNode resultObject() {
            return json().get("result_object");
        }
    }
}
