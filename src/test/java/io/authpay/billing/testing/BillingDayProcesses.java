package io.authpay.billing.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.authpay.billing.cli.BillingCli;
import io.authpay.billing.sandbox.AuthPaySandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the kill tests share: a simulated billing day ({@link #DAY} in Taipei) on one test database and one
 * sandbox, with commands run in this JVM and {@code run daily-billing} in a JVM of its own, which the test can
 * kill (SIGKILL) as the OOM killer would. The settings are short (1 s timeouts and lease margin, a 500 ms
 * heartbeat, dead after 2 s), so that what a killed run leaves behind expires within seconds.
 */
public final class BillingDayProcesses {

    public static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    public static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    private final TestDatabase.Database database;
    private final AuthPaySandbox sandbox;
    private final int concurrency;

    /** Commands against {@code database} and {@code sandbox} (read when a command starts), with this concurrency. */
    public BillingDayProcesses(TestDatabase.Database database, AuthPaySandbox sandbox, int concurrency) {
        this.database = database;
        this.sandbox = sandbox;
        this.concurrency = concurrency;
    }

    /** A time of {@link #DAY} in Taipei ({@code 10:00}, {@code 09:59:50}). */
    public static Instant at(String time) {
        return DAY.atTime(LocalTime.parse(time)).atZone(TAIPEI).toInstant();
    }

    /** Every command's settings, its clock starting at {@code time} of {@link #DAY}. */
    public List<String> settings(String time) {
        return List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--billing.clock.start=" + at(time),
                "--billing.authpay.base-url=" + sandbox.baseUrl(),
                "--billing.authpay.api-key=sandbox-api-key",
                "--billing.authpay.secret-key=sandbox-secret",
                "--billing.authpay.store-id=sandbox-store",
                "--billing.authpay.connect-timeout=1s",
                "--billing.authpay.response-timeout=1s",
                "--billing.charge.lease-margin=1s",
                "--billing.charge.concurrency=" + concurrency,
                "--billing.batch.heartbeat-interval=500ms",
                "--billing.batch.stale-after=2s");
    }

    /** A command in this JVM at {@code time}, its output printed; returns its exit code. */
    public int cli(String time, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(settings(time));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BillingCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        System.out.print(out);
        System.out.print(err);
        return code;
    }

    /**
     * Starts {@code run daily-billing --date DAY --slot slot} at 10:00 in a JVM of its own on the test's class
     * path, its console in {@code log}.
     */
    public Process startDailyRun(String slot, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.authpay.billing.Main",
                "run",
                "daily-billing",
                "--date",
                DAY.toString(),
                "--slot",
                slot));
        command.addAll(settings("10:00"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The test database, through a small pool of its own. */
    public JdbcTemplate jdbc() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(database.url());
        ds.setUsername(database.user());
        ds.setPassword(database.password());
        ds.setMaximumPoolSize(2);
        return new JdbcTemplate(ds);
    }
}
