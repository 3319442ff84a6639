package io.authpay.billing.webhook;

import io.authpay.billing.web.ServeApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Delivers the recorded events in {@code serve}: at least once, signed, each endpoint on a thread of its
 * own (an endpoint that hangs or fails for days holds back nobody else), a subscription's events in
 * order, failures retried with exponential backoff and jitter until {@code retry-for} has passed.
 *
 * <p>Meters: {@value #BACKLOG} (pending deliveries per endpoint, a gauge), {@value #ATTEMPTS} (POSTs per
 * endpoint and {@code result}: delivered, failed), {@value #GAVE_UP} (deliveries whose retries ended).
 * Endpoints are tagged by their index in the configuration, never by URL.
 */
@Component
@Profile(ServeApplication.PROFILE)
class WebhookDispatcher implements SmartLifecycle {

    static final String BACKLOG = "billing.webhooks.backlog";
    static final String ATTEMPTS = "billing.webhooks.attempts";
    static final String GAVE_UP = "billing.webhooks.gave.up";

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 100;

    private final WebhookSettings settings;
    private final WebhookDeliveries deliveries;
    private final Clock clock;
    private final MeterRegistry registry;
    private final HttpClient http;
    private volatile ScheduledExecutorService executor;

    WebhookDispatcher(
            WebhookSettings settings,
            WebhookDeliveries deliveries,
            Clock clock,
            ObjectProvider<MeterRegistry> registry) {
        for (int i = 0; i < settings.endpoints().size(); i++) {
            settings.endpoints().get(i).check(i);
        }
        this.settings = settings;
        this.deliveries = deliveries;
        this.clock = clock;
        this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
        for (int i = 0; i < settings.endpoints().size(); i++) {
            String url = settings.endpoints().get(i).url();
            Gauge.builder(BACKLOG, () -> deliveries.backlog(url))
                    .description("Webhook deliveries not yet delivered nor given up")
                    .tag("endpoint", Integer.toString(i))
                    .register(this.registry);
        }
    }

    @Override
    public void start() {
        List<WebhookSettings.Endpoint> endpoints = settings.endpoints();
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(endpoints.size() + 1, r -> {
            Thread thread = new Thread(r, "webhooks-" + threads.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        long poll = settings.pollInterval().toMillis();
        pool.scheduleWithFixedDelay(() -> guarded("fan-out", this::fanOut), 0, poll, TimeUnit.MILLISECONDS);
        for (int i = 0; i < endpoints.size(); i++) {
            int index = i;
            pool.scheduleWithFixedDelay(
                    () -> guarded("endpoint " + index, () -> deliverDue(index, endpoints.get(index))),
                    poll,
                    poll,
                    TimeUnit.MILLISECONDS);
        }
        executor = pool;
        log.info("Webhooks: delivering to {} endpoint(s)", endpoints.size());
    }

    @Override
    public void stop() {
        ScheduledExecutorService pool = executor;
        executor = null;
        if (pool != null) {
            pool.shutdownNow();
            try {
                // A POST under way ends by its timeout; its delivery is retried after its lock passes.
                pool.awaitTermination(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private void fanOut() {
        while (deliveries.fanOut(settings.endpoints(), clock.instant(), settings.retryFor(), BATCH) == BATCH) {
            // more are waiting
        }
    }

    private void deliverDue(int index, WebhookSettings.Endpoint endpoint) {
        while (executor != null) {
            Instant now = clock.instant();
            // Held long enough for the POST and its bookkeeping; a node killed meanwhile lets it go then.
            Instant lockUntil = now.plus(settings.timeout().multipliedBy(2)).plusSeconds(5);
            List<WebhookDeliveries.Claimed> claimed = deliveries.claim(endpoint.url(), now, lockUntil, BATCH);
            if (claimed.isEmpty()) {
                return;
            }
            for (WebhookDeliveries.Claimed delivery : claimed) {
                send(index, endpoint, delivery);
            }
        }
    }

    private void send(int index, WebhookSettings.Endpoint endpoint, WebhookDeliveries.Claimed delivery) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(endpoint.url()))
                            .timeout(settings.timeout())
                            .header("Content-Type", "application/json")
                            .header("User-Agent", "authpay-billing-webhooks")
                            .header("Billing-Event-Id", delivery.eventId())
                            .header(
                                    WebhookSignature.HEADER,
                                    WebhookSignature.header(endpoint.secret(), at.getEpochSecond(), delivery.payload()))
                            .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status / 100 != 2) {
                error = "HTTP " + status;
            }
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping: the lock passes and the delivery is sent again
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        Instant end = clock.instant();
        if (error == null) {
            deliveries.attempted(delivery, at, status, latencyMs, null, "DELIVERED", null);
            count(index, "delivered");
            return;
        }
        count(index, "failed");
        Instant next = end.plus(backoff(delivery.attempts() + 1));
        if (next.isAfter(delivery.retryUntil())) {
            deliveries.attempted(delivery, at, status, latencyMs, error, "FAILED", null);
            Counter.builder(GAVE_UP)
                    .tag("endpoint", Integer.toString(index))
                    .register(registry)
                    .increment();
            log.warn("Webhooks: gave up delivering {} to endpoint {}: {}", delivery.eventId(), index, error);
        } else {
            deliveries.attempted(delivery, at, status, latencyMs, error, "PENDING", next);
            log.info("Webhooks: {} to endpoint {} failed ({}), again at {}", delivery.eventId(), index, error, next);
        }
    }

    /** base × 2^(n-1), at most max, of which a random 0–50 % is taken off so retries do not come in waves. */
    Duration backoff(int failures) {
        long base = settings.backoffBase().toMillis();
        long max = settings.backoffMax().toMillis();
        long delay = failures >= 40 ? max : Math.min(max, base << Math.max(0, failures - 1));
        return Duration.ofMillis(delay - ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    private void count(int index, String result) {
        Counter.builder(ATTEMPTS)
                .description("Webhook POSTs by endpoint and result")
                .tag("endpoint", Integer.toString(index))
                .tag("result", result)
                .register(registry)
                .increment();
    }

    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // The database away for a moment must not end the schedule: the next tick tries again.
            log.warn("Webhooks: {} failed: {}", what, e.toString());
            log.debug("Webhooks: {} failed", what, e);
        }
    }
}
