package io.authpay.billing.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts the binding-result callback to the merchant's {@code result_url} in the background, as JKoPay
 * does: 5 s to connect, 10 s to read, retried with doubling delays while the merchant does not answer
 * 2xx. Nobody waits for it; every attempt lands in the ledger.
 */
final class CallbackPoster implements AutoCloseable {

    private final int attempts;
    private final Duration firstRetryDelay;
    private final Clock clock;
    private final SandboxLedger ledger;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService scheduler;
    private HttpClient http; // created on first use: a JDK HttpClient starts a selector thread at once

    CallbackPoster(int attempts, Duration firstRetryDelay, Clock clock, SandboxLedger ledger) {
        this.attempts = attempts;
        this.firstRetryDelay = firstRetryDelay;
        this.clock = clock;
        this.ledger = ledger;
        this.httpExecutor = Executors.newCachedThreadPool(AuthPaySandbox.daemonThreads("authpay-sandbox-callback"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                AuthPaySandbox.daemonThreads("authpay-sandbox-callback-retry"));
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(httpExecutor)
                    .build();
        }
        return http;
    }

    void post(SandboxBinding binding) {
        if (binding.resultUrl() == null) {
            return;
        }
        ObjectNode body = Wire.JSON.createObjectNode();
        body.set("authpay", Wire.binding(binding));
        HttpRequest request = HttpRequest.newBuilder(binding.resultUrl())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.JSON.writeValueAsBytes(body)))
                .build();
        schedule(() -> attempt(binding.authNo(), request, 1), Duration.ZERO);
    }

    private void attempt(String authNo, HttpRequest request, int attempt) {
        http().sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            URI url = request.uri();
            SandboxLedger.Callback record = error == null
                    ? new SandboxLedger.Callback(authNo, url, attempt, response.statusCode(), null, clock.instant())
                    : new SandboxLedger.Callback(authNo, url, attempt, 0, error.toString(), clock.instant());
            ledger.recordCallback(record);
            if (!record.delivered() && attempt < attempts) {
                schedule(
                        () -> attempt(authNo, request, attempt + 1), firstRetryDelay.multipliedBy(1L << (attempt - 1)));
            }
        });
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // the sandbox is closing: a callback nobody will receive is not worth an error
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }
}
