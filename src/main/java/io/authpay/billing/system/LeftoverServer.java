package io.authpay.billing.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server still running on an embedded data folder after the process that started it was killed
 * (kill -9, the OOM killer, a closed terminal): its {@code mariadbd} child lives on and keeps the folder's
 * files locked, so every later start would wait and fail. Called only by the holder of the folder's lock,
 * so no live authpay-billing process owns that server; it is stopped cleanly (SIGTERM lets InnoDB flush).
 */
final class LeftoverServer {

    private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);

    /** The pid file the embedded server is told to write in its data folder. */
    static final String PID_FILE = "mariadbd.pid";

    private static final Duration CLEAN_STOP = Duration.ofSeconds(120);
    private static final Duration FORCED_STOP = Duration.ofSeconds(10);

    private LeftoverServer() {}

    /** Stops a server left running on {@code dataDir}, if there is one; says so in one line. */
    static void stopIfRunning(Path dataDir) {
        for (Path pidFile : pidFiles(dataDir)) {
            readPid(pidFile)
                    .flatMap(ProcessHandle::of)
                    .filter(p -> servesFolder(p, dataDir))
                    .ifPresent(p -> stop(p, dataDir));
        }
    }

    /** Ours, and the default {@code <host>.pid} of folders made before the pid file had a fixed name. */
    private static List<Path> pidFiles(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A recycled pid must not make us stop someone else's process: only a MariaDB server on this folder. */
    private static boolean servesFolder(ProcessHandle process, Path dataDir) {
        if (!process.isAlive()) {
            return false;
        }
        String commandLine = process.info().commandLine().orElse("");
        boolean server = commandLine.contains("mariadbd") || commandLine.contains("mysqld");
        return server && commandLine.contains(dataDir.toString());
    }

    private static void stop(ProcessHandle server, Path dataDir) {
        log.warn(
                "A database server (pid {}) was left running on {} by a process that did not end cleanly;"
                        + " stopping it before going on",
                server.pid(),
                dataDir);
        server.destroy();
        if (!awaitExit(server, CLEAN_STOP)) {
            log.warn(
                    "The database server (pid {}) did not stop in {} s; killing it",
                    server.pid(),
                    CLEAN_STOP.toSeconds());
            server.destroyForcibly();
            awaitExit(server, FORCED_STOP);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
