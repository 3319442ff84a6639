package io.authpay.billing.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * One worker node of {@code bench --nodes}: {@code serve} of this very program in a JVM of its own, on a free
 * port, its console in a temporary file. Secrets (the database password, the gateway's secret key, the operator
 * token) go in its environment, not on its command line, where {@code ps} would show them.
 */
final class ServeNode implements AutoCloseable {

    /** A node's heap, in MiB: it bills, it does not hold the data. */
    static final int HEAP_MIB = 384;

    private static final String HEAP = "-Xmx" + HEAP_MIB + "m";

    private final int number;
    private final Process process;
    private final Path log;
    private final Path gcLog;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServeNode(int number, Process process, Path log, Path gcLog, int port) {
        this.number = number;
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
        this.port = port;
    }

    /** Starts node {@code number} with these Spring arguments and this environment; see {@link #awaitReady}. */
    static ServeNode start(int number, List<String> arguments, Map<String, String> environment) {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Files.createTempFile("bench-node-" + number + "-", ".log");
            Path gcLog = Files.createTempFile("bench-node-" + number + "-gc-", ".log");
            List<String> command = new ArrayList<>(javaCommand(GcLogHeap.option(gcLog)));
            command.add("serve");
            command.addAll(arguments);
            command.add("--server.port=" + port);
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new ServeNode(number, builder.start(), log, gcLog, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start worker node " + number + ": " + e.getMessage(), e);
        }
    }

    /**
     * How to start this program again: {@code java -jar} of the same executable jar, or, run from classes (a
     * test, an IDE), its main class on the same class path; its collections logged to a file.
     */
    private static List<String> javaCommand(String gcLogOption) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            try (JarFile jar = new JarFile(classPath)) {
                // Spring Boot's executable jar names the program's main class Start-Class.
                if (jar.getManifest() != null
                        && jar.getManifest().getMainAttributes().getValue("Start-Class") != null) {
                    return List.of(java, HEAP, gcLogOption, "-jar", classPath);
                }
            }
        }
        return List.of(java, HEAP, gcLogOption, "-cp", classPath, "io.authpay.billing.Main");
    }

    int number() {
        return number;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The node's heap, from its GC log. */
    GcLogHeap heap() {
        return new GcLogHeap(gcLog);
    }

    /** CPU time the node's process has used so far (zero where the system does not say). */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Waits until the node answers ready; fails with the end of its console if it exits or takes too long. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readiness() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "worker node " + number + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "worker node " + number + " was not ready within " + timeout + ":\n" + logTail());
            }
            Thread.sleep(200);
        }
    }

    /** A POST of a JSON body to the operator API. */
    HttpResponse<String> post(String path, String token, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The last lines of the node's console, for a message saying why it failed. */
    String logTail() {
        try {
            String text = Files.readString(log);
            return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(no console: " + e.getMessage() + ")";
        }
    }

    /** Stops the node: SIGTERM, then SIGKILL if it has not exited within {@code grace}; deletes its console. */
    void stop(Duration grace) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteFiles();
        }
    }

    /** Kills the node at once (the bench is ending on an error or Ctrl-C). */
    void kill() {
        process.destroyForcibly();
        deleteFiles();
    }

    private void deleteFiles() {
        try {
            Files.deleteIfExists(log);
            Files.deleteIfExists(gcLog);
        } catch (IOException ignored) {
            // a leftover console under the temp directory is harmless
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    private int readiness() {
        try {
            return http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
