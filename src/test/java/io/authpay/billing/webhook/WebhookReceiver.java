package io.authpay.billing.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A merchant's receivers on 127.0.0.1, one per path: {@code /good} answers 200, {@code /slow} too after
 * 150 ms, {@code /flaky} answers 500
 * to the first {@code failures} POSTs of each event and 200 after, {@code /hang} holds every request until
 * {@link #release()}.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One POST as received, and the status it got. */
    record Received(String path, String eventId, String signature, String body, int answered) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakyCounts = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    private final int failures;

    WebhookReceiver(int failures) {
        this.failures = failures;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/good", exchange -> answer(exchange, 200));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        server.createContext("/flaky", exchange -> {
            String eventId = exchange.getRequestHeaders().getFirst("Billing-Event-Id");
            int n = flakyCounts
                    .computeIfAbsent(eventId, k -> new AtomicInteger())
                    .incrementAndGet();
            answer(exchange, n <= this.failures ? 500 : 200);
        });
        server.createContext("/hang", exchange -> {
            hanging.incrementAndGet();
            try {
                released.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests {@code /hang} holds right now. */
    int hanging() {
        return hanging.get();
    }

    void release() {
        released.countDown();
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getHttpContext().getPath(),
                exchange.getRequestHeaders().getFirst("Billing-Event-Id"),
                exchange.getRequestHeaders().getFirst("Billing-Signature"),
                body,
                status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
