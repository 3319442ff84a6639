package io.authpay.billing.testing;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.BillingApplication;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.web.ServeApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests of what {@code serve} runs: one node (web server on a free port, clustered Quartz,
 * operator API, callback, Actuator) on a database of its own, charging the sandbox over HTTP. The node and
 * the sandbox share a clock that runs at real speed from 10:00 Taipei, inside the window; tests move it.
 * Every subclass shares the one Spring context (same configuration), so tests look at their own rows. A
 * subclass with settings of its own gets a context (database, Quartz scheduler) of its own; Spring's test
 * framework pauses the shared one meanwhile (stops it) and starts it again when it is needed next.
 *
 * <p>Its schedules ({@link #SCHEDULES}) never fire during a test: their next fire time is in 2099.
 */
@SpringBootTest(classes = BillingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(ServeApplication.PROFILE)
@Import(ServeIntegrationTest.TestClock.class)
public abstract class ServeIntegrationTest {

    public static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    public static final String TOKEN = "test-operator-token-1234567890";
    public static final String ACTOR = "ops-test";
    /** A named operator of the console ({@code billing.operators}), configured by the hash of this password. */
    public static final String OPERATOR = "alice";

    public static final String OPERATOR_PASSWORD = "alice-correct-horse-42";

    public static final SimulatedClock CLOCK = SimulatedClock.startingAt(taipei("2026-12-01T10:00"), TAIPEI);
    public static final AuthPaySandbox SANDBOX = AuthPaySandbox.builder()
            .clock(CLOCK)
            .callbackRetry(2, Duration.ofMillis(200))
            .build()
            .start();
    public static final Path SCHEDULES = schedules();

    private static final java.util.concurrent.atomic.AtomicInteger CONTEXTS =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @DynamicPropertySource
    static void serve(DynamicPropertyRegistry registry) {
        TestDatabase.Database db = TestDatabase.newDatabase();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("billing.authpay.base-url", () -> SANDBOX.baseUrl().toString());
        registry.add("billing.authpay.api-key", SANDBOX::apiKey);
        registry.add("billing.authpay.secret-key", () -> "sandbox-secret");
        registry.add("billing.authpay.store-id", SANDBOX::storeId);
        registry.add("billing.authpay.connect-timeout", () -> "1s");
        registry.add("billing.authpay.response-timeout", () -> "3s");
        registry.add("billing.charge.concurrency", () -> "4");
        registry.add("billing.retry.busy-backoff", () -> "200ms,400ms");
        registry.add("billing.batch.heartbeat-interval", () -> "200ms");
        registry.add("billing.operator.token", () -> TOKEN);
        registry.add("billing.operator.name", () -> ACTOR);
        registry.add(
                "billing.operators." + OPERATOR,
                () -> "{bcrypt}"
                        + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4)
                                .encode(OPERATOR_PASSWORD));
        registry.add("billing.schedule.dir", SCHEDULES::toString);
        registry.add("billing.schedule.recovery-interval", () -> "10m");
        registry.add("billing.schedule.drain-timeout", () -> "10s");
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceId", () -> "api-test-node");
        // A Quartz scheduler of its own for each context (a subclass with more settings makes another one):
        // Quartz keeps its connection providers JVM-wide by scheduler name, so a second context with the same
        // name would take over the first's, and the first, restarted after a pause, would work on a database
        // not its own or on closed connections.
        String scheduler = "serve-test-" + CONTEXTS.incrementAndGet();
        registry.add("spring.quartz.scheduler-name", () -> scheduler);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** An instant given as Taipei wall time, e.g. {@code 2026-12-01T10:00}. */
    public static Instant taipei(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TAIPEI).toInstant();
    }

    /** An HTTP answer, its body read as JSON when it is JSON. */
    public record Answer(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of()).stream()
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A request to this node with the operator token. */
    protected Answer call(String method, String path, String jsonBody) {
        return call(method, path, jsonBody, TOKEN);
    }

    /** A request to this node with this bearer token (none when null). */
    protected Answer call(String method, String path, String jsonBody, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to 30 s) for a condition. */
    protected static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A granted sandbox binding for 499 a month, stored as a detail refresh would; returns its auth_no. */
    protected String grantedBinding() {
        String authNo = SANDBOX.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        jdbc.update(
                "INSERT INTO binding (auth_no, status, billing_amount, billing_currency, billing_period, billing_times,"
                        + " created_at, updated_at) VALUES (?, 'GRANTED', 499, 'TWD', 'MONTH', 1, NOW(6), NOW(6))",
                authNo);
        return authNo;
    }

    /** An ACTIVE monthly subscription of 499 on {@code authNo}; returns its external id. */
    protected String subscription(String authNo) {
        String externalId = "sub-" + System.nanoTime();
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES (?, ?, 499, 'MONTH', '2026-12-01', '2026-12-01',"
                        + " 'Gold plan', NOW(6), NOW(6))",
                externalId,
                authNo);
        return externalId;
    }

    /** A charge of the subscription's December 2026 period in this status; returns its id. */
    protected long charge(String externalId, String status, Instant nextAttemptAt) {
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " next_attempt_at, review_reason, created_at, updated_at)"
                        + " SELECT id, '2026-12', ?, auth_no, amount, trade_name, ?, ?, ?, NOW(6), NOW(6) FROM subscription"
                        + " WHERE external_id = ?",
                LocalDate.of(2026, 12, 1),
                status,
                nextAttemptAt == null ? null : LocalDateTime.ofInstant(nextAttemptAt, java.time.ZoneOffset.UTC),
                status.equals("NEEDS_REVIEW") ? "303: above the limit the user set" : null,
                externalId);
        return jdbc.queryForObject(
                "SELECT c.id FROM charge c JOIN subscription s ON s.id = c.subscription_id WHERE s.external_id = ?",
                Long.class,
                externalId);
    }

    /** The audit events of one target, oldest first, as "actor action reason". */
    protected List<String> audit(String targetType, String targetId) {
        return jdbc.queryForList(
                "SELECT CONCAT(actor, ' ', action, ' ', COALESCE(reason, '-')) FROM audit_event"
                        + " WHERE target_type = ? AND target_id = ? ORDER BY id",
                String.class,
                targetType,
                targetId);
    }

    private static Path schedules() {
        try {
            Path dir = Files.createTempDirectory("authpay-billing-schedules-");
            dir.toFile().deleteOnExit();
            // Valid schedules that do not fire before 2099: the tests run jobs themselves.
            Files.writeString(dir.resolve("nightly-test.yml"), """
                    job: nightly-billing
                    description: Test nightly
                    cron: "0 0 3 1 1 ? 2099"
                    zone: Asia/Taipei
                    misfire: fire-once
                    enabled: true
                    """);
            Files.writeString(dir.resolve("daily-test.yml"), """
                    job: daily-billing
                    description: Test daily
                    cron: ["0 5 8 1 1 ? 2099", "0 30 8 1 1 ? 2099"]
                    zone: Asia/Taipei
                    misfire: skip
                    enabled: true
                    """);
            Files.writeString(dir.resolve("off.yml"), """
                    job: daily-billing
                    description: Switched off
                    cron: "0 0 12 * * ?"
                    zone: Asia/Taipei
                    misfire: skip
                    enabled: false
                    """);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
