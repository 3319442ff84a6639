package io.authpay.billing.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --cli-start}: how long an operator waits for the everyday read-only commands, from the start of
 * the process to its exit. Each runs as a child process of this one (same Java, same JVM options, same jar or
 * class path, same Spring arguments, so point it with {@code --spring.datasource.url} at the database to
 * measure), once untimed to fill the file cache, then {@code runs} times; it prints the median and the range.
 */
final class CliStartBench {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    /** JVM options a child must not inherit: each would write its own archive or recording over the parent's. */
    private static final List<String> NOT_INHERITED =
            List.of("-XX:ArchiveClassesAtExit", "-XX:StartFlightRecording", "-agentlib", "-javaagent", "-Xlog");

    private CliStartBench() {}

    static int run(PrintWriter out, int runs, List<String> springArgs, Clock clock)
            throws IOException, InterruptedException {
        String date = LocalDate.now(clock.withZone(TAIPEI)).toString();
        List<List<String>> commands =
                List.of(List.of("executions"), List.of("charges", "--limit", "20"), List.of("report", "--date", date));
        List<String> java = javaCommand();
        out.printf(
                Locale.ROOT,
                "command line, process start to exit, %d runs each after one untimed (median, min-max); %s%n",
                runs,
                load());
        out.println("child: " + String.join(" ", java) + " <command> "
                + String.join(
                        " ", springArgs.stream().map(CliStartBench::masked).toList()));
        out.flush();
        for (List<String> command : commands) {
            List<String> argv = new ArrayList<>(java);
            argv.addAll(command);
            argv.addAll(springArgs);
            double[] seconds = new double[runs];
            for (int i = -1; i < runs; i++) {
                long start = System.nanoTime();
                Process child =
                        new ProcessBuilder(argv).redirectErrorStream(true).start();
                byte[] output;
                try (InputStream in = child.getInputStream()) {
                    output = in.readAllBytes();
                }
                int exit = child.waitFor();
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (exit != 0) {
                    out.println(String.join(" ", command) + ": exit code " + exit + ":");
                    out.print(new String(output, StandardCharsets.UTF_8));
                    out.flush();
                    return ExitCodes.FAILED;
                }
                if (i >= 0) {
                    seconds[i] = elapsed;
                }
            }
            Arrays.sort(seconds);
            double median = runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
            out.printf(
                    Locale.ROOT,
                    "%-26s %6.2f s  (%.2f-%.2f)%n",
                    String.join(" ", command) + ":",
                    median,
                    seconds[0],
                    seconds[runs - 1]);
            out.flush();
        }
        out.println(load());
        return ExitCodes.OK;
    }

    /** This JVM with its options and its jar (or class path): what {@code java -jar authpay-billing.jar} was. */
    private static List<String> javaCommand() {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_INHERITED.stream().noneMatch(option::startsWith)) {
                argv.add(option);
            }
        }
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            argv.addAll(List.of("-jar", classPath));
        } else {
            argv.addAll(List.of("-cp", classPath, "io.authpay.billing.Main"));
        }
        return argv;
    }

    /** A credential's value is never printed. */
    private static String masked(String springArg) {
        int equals = springArg.indexOf('=');
        String key = equals < 0 ? springArg : springArg.substring(0, equals).toLowerCase(Locale.ROOT);
        boolean secret =
                key.contains("password") || key.contains("secret") || key.contains("key") || key.contains("token");
        return secret && equals >= 0 ? springArg.substring(0, equals) + "=***" : springArg;
    }

    private static String load() {
        return String.format(
                Locale.ROOT,
                "load average %.2f on %d cores",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }
}
