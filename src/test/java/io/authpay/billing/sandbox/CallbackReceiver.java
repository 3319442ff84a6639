package io.authpay.billing.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The merchant's {@code result_url}: a tiny JDK server that records what JKoPay (the sandbox) posts. */
final class CallbackReceiver implements AutoCloseable {

    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresLeft;
    private final CountDownLatch answerAllowed;
    private final HttpServer server;

    /**
     * @param failFirst how many posts to answer 500 before answering 200
     * @param answerAllowed the receiver answers only once this latch is open
     */
    CallbackReceiver(int failFirst, CountDownLatch answerAllowed) {
        this.failuresLeft = new AtomicInteger(failFirst);
        this.answerAllowed = answerAllowed;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/authpay/result", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                answerAllowed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    CallbackReceiver() {
        this(0, new CountDownLatch(0));
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/authpay/result";
    }

    /** The next posted body, or null if none comes within the timeout. */
    String next(Duration timeout) throws InterruptedException {
        return bodies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
