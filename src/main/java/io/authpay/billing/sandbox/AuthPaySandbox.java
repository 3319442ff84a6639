package io.authpay.billing.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.authpay.billing.authpay.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JKoPay AuthPay simulator: a real HTTP server on 127.0.0.1 answering the six platform endpoints of
 * the protocol (shared/docs/authpay-protocol.md) as JKoPay does, with scripted faults and a ledger that
 * proves what was charged. The real client, the demo, the benchmark and the tests point at
 * {@link #baseUrl()}.
 *
 * <pre>{@code
 * try (AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(clock).build().start()) {
 *     String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
 *     // ... charge it through the client at sandbox.baseUrl() ...
 *     assertThat(sandbox.ledger().chargesFor(authNo)).hasSize(1);
 * }
 * }</pre>
 *
 * <p><b>Authentication.</b> Every request must carry the configured {@code api-key} and a {@code digest}
 * (HMAC-SHA256 with the secret key) over the exact body bytes of a POST or the decoded query string of a
 * GET. A wrong key or digest answers HTTP 200 with {@code {"result":"201","message":"Validation error:
 * ...","result_object":null}} and processes nothing. JKoPay does not document this case; we chose 201
 * because it makes a wrong secret look like a configuration error to the client, which is what the
 * billing engine should stop on. A body that is not a JSON object answers 200 (Bad request); missing or
 * invalid fields answer 201; an unknown path answers HTTP 404.
 *
 * <p><b>Time.</b> The sandbox's clock decides the 08:00–20:00 UTC+8 charge window, the UTC+8 billing
 * periods, {@code trans_time} and the request log; give it a settable clock to test days and periods.
 *
 * <p><b>Redemption.</b> By default nothing is redeemed: {@code debit_amount} is the whole {@code final_price}.
 * With {@link Builder#redeemEvery(int)} every N-th charge is paid partly with JKO coins and coupons (see
 * {@link Redemptions}), and refunds of it give back the wallet's part first.
 *
 * <p><b>Not simulated.</b> The callback is unsigned, as JKoPay documents none.
 */
public final class AuthPaySandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthPaySandbox.class);

    static {
        // Read once when the JDK HttpServer is first used: without it every request stalls ~40 ms
        // (Nagle + delayed ACK). Set it here so it is in place before any server of this JVM starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * Connections the JDK's HTTP server keeps open between requests (its default, 200, is below a
     * benchmark's 256 concurrent callers: it would close pooled connections the client then reuses, and
     * the client would see "The target server failed to respond"). Read once, when the server class
     * loads; a value set from outside wins.
     */
    static {
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
        }
    }

    /** Connections waiting to be accepted: room for a pool of C callers connecting at once. */
    private static final int BACKLOG = 2048;

    private final Builder config;
    private final SandboxLedger ledger;
    private final SandboxFaults faults;
    private final Store store = new Store();
    private final Ids ids;
    private final CallbackPoster callbacks;
    private final SandboxBindings bindings;

    private HttpServer server;
    private ThreadPoolExecutor executor;
    private ScheduledExecutorService withholder;
    private URI baseUrl;
    private boolean closed;

    private AuthPaySandbox(Builder config) {
        this.config = config;
        this.ledger = new SandboxLedger(config.requestLogCapacity);
        this.faults = new SandboxFaults(config.seed);
        this.ids = new Ids(config.seed);
        this.callbacks =
                new CallbackPoster(config.callbackAttempts, config.callbackFirstRetryDelay, config.clock, ledger);
        this.bindings = new SandboxBindings(store, ids, config.clock, callbacks);
        if (config.stateFile != null) {
            store.keepIn(config.stateFile);
        }
    }

    /** A builder with the defaults: a free port, {@code sandbox-api-key}, {@code sandbox-secret}, {@code sandbox-store}, the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds 127.0.0.1 and starts answering.
     *
     * @return this sandbox
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when it was started or closed before
     */
    public synchronized AuthPaySandbox start() {
        if (server != null || closed) {
            throw new IllegalStateException("a sandbox starts once");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the AuthPay sandbox to 127.0.0.1:" + config.port, e);
        }
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        executor = new ThreadPoolExecutor(
                config.threads,
                config.threads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemonThreads("authpay-sandbox-http"));
        executor.allowCoreThreadTimeOut(true);
        withholder = Executors.newSingleThreadScheduledExecutor(daemonThreads("authpay-sandbox-withhold"));
        SandboxHandler handler = new SandboxHandler(
                config.apiKey,
                new Digest(config.secretKey),
                config.clock,
                store,
                faults,
                ledger,
                new BindingEndpoints(store, bindings, config.storeId, baseUrl, config.autoGrant),
                new TransactionEndpoint(store, ledger, faults, ids, new Redemptions(config.redeemEvery)),
                new RefundEndpoint(store, ledger, ids),
                new InquiryEndpoint(store),
                withholder);
        server.createContext("/", handler);
        server.createContext(ApprovalPage.PREFIX, new ApprovalPage(store, bindings, config.clock));
        server.setExecutor(executor);
        server.start();
        log.debug("AuthPay sandbox listening on {} (store {})", baseUrl, config.storeId);
        return this;
    }

    /** {@code http://127.0.0.1:PORT}, the base URL to give the client. */
    public synchronized URI baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("the sandbox is not started");
        }
        return baseUrl;
    }

    /** The bound port. */
    public int port() {
        return baseUrl().getPort();
    }

    /** The {@code api-key} the sandbox accepts. */
    public String apiKey() {
        return config.apiKey;
    }

    /** The merchant's {@code store_id}: bindings for any other store are refused. */
    public String storeId() {
        return config.storeId;
    }

    /**
     * The user approves the binding: granted, and the binding-result callback is posted to its
     * {@code result_url} in the background. See {@link SandboxBindings#grant}.
     */
    public void grant(String authNo) {
        bindings.grant(authNo);
    }

    /** The bindings, and shortcuts to create and change them without HTTP. */
    public SandboxBindings bindings() {
        return bindings;
    }

    /** Scripted latency and faults. */
    public SandboxFaults faults() {
        return faults;
    }

    /** What was charged, refunded and asked. */
    public SandboxLedger ledger() {
        return ledger;
    }

    /** Stops answering at once; withheld answers are dropped, callbacks not yet delivered are abandoned. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(0);
            withholder.shutdownNow();
            executor.shutdownNow();
        }
        callbacks.close();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Configuration of a sandbox; every setting has a default. */
    public static final class Builder {
        private int port = 0;
        private String apiKey = "sandbox-api-key";
        private String secretKey = "sandbox-secret";
        private String storeId = "sandbox-store";
        private Clock clock = Clock.systemUTC();
        private boolean autoGrant;
        private long seed = 1L;
        /** Room for a benchmark's 256 calls in flight plus inquiries and details beside them. */
        private int threads = 512;

        private int callbackAttempts = 5;
        private Duration callbackFirstRetryDelay = Duration.ofSeconds(1);
        private int requestLogCapacity = 100_000;
        private java.nio.file.Path stateFile;
        private int redeemEvery;

        private Builder() {}

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /** The {@code api-key} header value the sandbox accepts. */
        public Builder apiKey(String apiKey) {
            this.apiKey = requireText(apiKey, "apiKey");
            return this;
        }

        /** The secret key the {@code digest} header is computed with. */
        public Builder secretKey(String secretKey) {
            this.secretKey = requireText(secretKey, "secretKey");
            return this;
        }

        /** The merchant's {@code store_id}. */
        public Builder storeId(String storeId) {
            this.storeId = requireText(storeId, "storeId");
            return this;
        }

        /** The sandbox's idea of now: the charge window, billing periods, {@code trans_time}, the log. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether new bindings are granted at once (and their callback posted), as if the user approved. */
        public Builder autoGrant(boolean autoGrant) {
            this.autoGrant = autoGrant;
            return this;
        }

        /** The seed of the sandbox's randomness (auth_no values, random latency, fault fractions). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How many requests are served at once; calls sleeping in simulated latency hold one each. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Callback delivery: at most {@code attempts} tries, waiting {@code firstRetryDelay}, then double, between. */
        public Builder callbackRetry(int attempts, Duration firstRetryDelay) {
            if (attempts < 1 || firstRetryDelay.isNegative()) {
                throw new IllegalArgumentException("callback retry " + attempts + ", " + firstRetryDelay);
            }
            this.callbackAttempts = attempts;
            this.callbackFirstRetryDelay = firstRetryDelay;
            return this;
        }

        /** How many requests the log keeps (the oldest are dropped beyond it); 100,000 by default. */
        public Builder requestLogCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity " + capacity);
            }
            this.requestLogCapacity = capacity;
            return this;
        }

        /**
         * Keeps bindings, orders and refunds in this JSON file, so that a sandbox started again with the same
         * file still knows them (without one they live in memory and a restart forgets them). The file is
         * read when the sandbox is built and written after every change.
         */
        public Builder stateFile(java.nio.file.Path file) {
            this.stateFile = file;
            return this;
        }

        /**
         * Every {@code every}-th charge that takes effect is paid partly with JKO coins and coupons (a tenth of
         * it, see {@link Redemptions}); 0, the default, never redeems. Off by default so that a test's or a
         * benchmark's figures are whole amounts debited unless it asks for redemption.
         */
        public Builder redeemEvery(int every) {
            if (every < 0) {
                throw new IllegalArgumentException("redeemEvery " + every);
            }
            this.redeemEvery = every;
            return this;
        }

        /** A sandbox with this configuration, not started yet; later changes to the builder do not touch it. */
        public AuthPaySandbox build() {
            return new AuthPaySandbox(copy());
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.port = port;
            copy.apiKey = apiKey;
            copy.secretKey = secretKey;
            copy.storeId = storeId;
            copy.clock = clock;
            copy.autoGrant = autoGrant;
            copy.seed = seed;
            copy.threads = threads;
            copy.callbackAttempts = callbackAttempts;
            copy.callbackFirstRetryDelay = callbackFirstRetryDelay;
            copy.requestLogCapacity = requestLogCapacity;
            copy.stateFile = stateFile;
            copy.redeemEvery = redeemEvery;
            return copy;
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " is empty");
            }
            return value;
        }
    }
}
