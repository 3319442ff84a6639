package io.authpay.billing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The full-day bench at a small N, so that it cannot rot: every phase runs and says what it did. */
@Import(FullDayBenchIntegrationTests.Clocks.class)
class FullDayBenchIntegrationTests extends DatabaseIntegrationTest {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final SimulatedClock CLOCK = SimulatedClock.startingAt(
            FullDayBench.DAY
                    .minusDays(1)
                    .atTime(LocalTime.MIDNIGHT)
                    .atZone(TAIPEI)
                    .toInstant(),
            TAIPEI);
    static final AuthPaySandbox SANDBOX =
            AuthPaySandbox.builder().clock(CLOCK).build().start();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("billing.authpay.base-url", () -> SANDBOX.baseUrl().toString());
        registry.add("billing.authpay.api-key", () -> "sandbox-api-key");
        registry.add("billing.authpay.secret-key", () -> "sandbox-secret");
        registry.add("billing.authpay.store-id", () -> "sandbox-store");
        registry.add("billing.charge.concurrency", () -> "16");
        registry.add("billing.nightly.concurrency", () -> "16");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        Clock fullDayClock() {
            return CLOCK;
        }
    }

    @AfterAll
    static void closeSandbox() {
        SANDBOX.close();
    }

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoThousandSubscriptionsGoThroughImportNightlyDailyAndTheReport(@TempDir Path folder) throws Exception {
        StringWriter text = new StringWriter();

        boolean completed = new FullDayBench(
                        context, SANDBOX, CLOCK, new FullDayBench.Settings(2000, 1, 16), new PrintWriter(text, true))
                .run(folder);

        String printed = text.toString();
        assertThat(completed).as(printed).isTrue();
        assertThat(printed)
                .containsPattern("import: 2,000 rows in [0-9.]+ s .*heap peak [0-9,]+ MiB")
                .containsPattern("nightly-billing: COMPLETED, 2,000 charges created, [0-9,]+ bindings refreshed in")
                .containsPattern("daily-billing: COMPLETED, [0-9,]+ paid, [0-9,]+ declined \\(to retry\\) of 2,000 in")
                .containsPattern("report table: [0-9.]+ s")
                .containsPattern("report html: [0-9.]+ s");
        // every charge of the day was tried: paid, or declined by the 3% fault and scheduled again
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT status FROM charge WHERE billing_date = ?", String.class, FullDayBench.DAY))
                .contains("SUCCEEDED")
                .isSubsetOf("SUCCEEDED", "RETRY_SCHEDULED");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM charge WHERE billing_date = ?", Integer.class, FullDayBench.DAY))
                .isEqualTo(2000);
    }
}
