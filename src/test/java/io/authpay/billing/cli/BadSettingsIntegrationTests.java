package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad setting is bad input, met as a user meets it: the real program in a process of its own, whose whole
 * console (log included) is one or two lines naming the key, the value and what is allowed, exit code 2,
 * and no stack trace.
 */
@Tag("child-jvm")
class BadSettingsIntegrationTests {

    @TempDir
    Path dir;

    record Child(int exitCode, String output) {}

    @Test
    void aConcurrencyOfZeroNamesTheKeyTheValueAndTheLimit() throws Exception {
        Child child = run("subscriptions", "list", "--billing.charge.concurrency=0");

        assertOneClearLine(child, "error: billing.charge.concurrency=0: must be greater than or equal to 1");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyAndWhatIsExpected() throws Exception {
        Child child = run("subscriptions", "list", "--billing.charge.concurrency=abc");

        assertOneClearLine(child, "error: billing.charge.concurrency=abc: not a whole number");
    }

    @Test
    void aDurationShowsTheValueAsWrittenAndARuleOverTwoKeysNamesBoth() throws Exception {
        Child guard = run("subscriptions", "list", "--billing.charge.window-guard=-1s");
        Child window = run("executions", "--billing.window.start=21:00");

        assertOneClearLine(guard, "error: billing.charge.window-guard=-1s: must not be negative");
        assertOneClearLine(
                window,
                "error: billing.window: start must be before end on the same day (given: billing.window.start=21:00)");
    }

    @Test
    void aZoneOffTheWholeHourIsRefusedBeforeAnyReportCountsByTheHour() throws Exception {
        Child child = run("executions", "--billing.window.zone=Asia/Kolkata");

        assertOneClearLine(
                child,
                "error: billing.window: zone must be a whole number of hours from UTC, as the report's totals are"
                        + " kept by the hour (given: billing.window.zone=Asia/Kolkata)");
    }

    // `stop` starts the whole application (a listing starts only what it reads, and never binds billing.retry).
    @Test
    void aRetrySettingOfTheWrongTypeNamesTheKeyAndWhatIsExpected() throws Exception {
        Child child = run("stop", "999999", "--billing.retry.max-inquiries=many");

        assertOneClearLine(child, "error: billing.retry.max-inquiries=many: not a whole number");
    }

    @Test
    void aRetrySettingOutsideItsLimitsNamesTheKeyTheValueAndWhatIsAllowed() throws Exception {
        Child jitter = run("stop", "999999", "--billing.retry.busy-jitter-percent=150");
        Child delays = run("stop", "999999", "--billing.retry.dunning-delays=1d,-3d");

        assertOneClearLine(jitter, "error: billing.retry.busy-jitter-percent=150: must be 0 to 100");
        assertOneClearLine(delays, "error: billing.retry.dunning-delays=1d,-3d: must not contain a negative delay");
    }

    @Test
    void aSecondProcessOnTheSameEmbeddedFolderSaysSoInOneLine() throws Exception {
        Path db = dir.resolve("db");
        Files.createDirectories(db);
        // This JVM holds the folder's lock, as a running command would.
        try (FileChannel channel =
                        FileChannel.open(db.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Child child = run("subscriptions", "list");

            assertThat(child.exitCode()).as(child.output()).isEqualTo(2);
            assertThat(child.output().strip().lines())
                    .as(child.output())
                    .singleElement()
                    .asString()
                    .startsWith("error: the embedded database in " + db.toAbsolutePath())
                    .contains("is in use by another authpay-billing process");
        }
    }

    private static void assertOneClearLine(Child child, String line) {
        assertThat(child.exitCode()).as(child.output()).isEqualTo(2);
        assertThat(child.output().strip()).as("the whole console").isEqualTo(line);
    }

    /** {@code java ... io.authpay.billing.Main <args>} on the test's class path, with its own data folder. */
    private Child run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.authpay.billing.Main"));
        command.addAll(List.of(args));
        command.add("--billing.database.embedded-dir=" + dir.resolve("db"));
        Path log = Files.createTempFile(dir, "child-", ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end:\n" + Files.readString(log));
        }
        return new Child(process.exitValue(), Files.readString(log));
    }
}
