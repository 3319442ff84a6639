package io.authpay.billing.system;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Migrates the schema of a read-only command's application only when it is behind the migrations this build
 * carries: one query of Flyway's schema history against the names of the packaged migration files. A schema
 * that is current is left alone: no Flyway at all (whose start alone loads a JSON library and hundreds of
 * classes), no DDL, no migration lock, and the command works with an account that may only read. A schema
 * that is behind (a new database, a new version of the program) is migrated as at the start of every other
 * command, by Spring Boot's Flyway with all of its settings and checks.
 */
final class MigrateWhenBehind implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(MigrateWhenBehind.class);

    private final ConfigurableApplicationContext context;

    MigrateWhenBehind(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        FlywayProperties flyway =
                Binder.get(context.getEnvironment()).bindOrCreate("spring.flyway", FlywayProperties.class);
        if (!flyway.isEnabled() || current(context.getBean(DataSource.class), flyway)) {
            return;
        }
        log.info("the schema is behind this build: migrating");
        // Spring Boot's Flyway, on this application's data source and settings, in a context of its own
        // that lives only as long as the migration.
        try (AnnotationConfigApplicationContext migration = new AnnotationConfigApplicationContext()) {
            migration.setParent(context);
            migration.setEnvironment(context.getEnvironment());
            migration.register(Migration.class);
            migration.refresh();
        }
    }

    /** Whether every packaged versioned migration is applied and none failed; false whenever in doubt. */
    static boolean current(DataSource dataSource, FlywayProperties flyway) {
        Set<MigrationVersion> packaged = packaged(flyway);
        if (packaged == null) {
            return false;
        }
        String schema = flyway.getDefaultSchema() != null
                ? flyway.getDefaultSchema()
                : flyway.getSchemas().isEmpty() ? null : flyway.getSchemas().get(0);
        String table = (schema == null ? "" : quoted(schema) + ".") + quoted(flyway.getTable());
        Set<MigrationVersion> applied = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, success FROM " + table)) {
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false; // a failed migration: Flyway says what to do about it
                }
                String version = rows.getString(1);
                if (version != null) {
                    applied.add(MigrationVersion.fromVersion(version));
                }
            }
        } catch (SQLException e) {
            // No history yet (a new database), or one this account cannot read: Flyway decides and explains.
            log.debug("schema history not readable ({}); migrating", e.getMessage());
            return false;
        }
        return applied.containsAll(packaged);
    }

    /** The versions of the versioned SQL migrations on the class path; null if none or a location elsewhere. */
    private static Set<MigrationVersion> packaged(FlywayProperties flyway) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        String prefix = flyway.getSqlMigrationPrefix();
        String separator = flyway.getSqlMigrationSeparator();
        Set<MigrationVersion> versions = new HashSet<>();
        for (String location : flyway.getLocations()) {
            if (!location.startsWith("classpath:")) {
                return null;
            }
            String root = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
            for (String suffix : flyway.getSqlMigrationSuffixes()) {
                Pattern name = Pattern.compile(
                        Pattern.quote(prefix) + "(.+?)" + Pattern.quote(separator) + ".*" + Pattern.quote(suffix));
                try {
                    for (Resource resource :
                            resolver.getResources("classpath*:" + root + "/**/" + prefix + "*" + suffix)) {
                        String file = resource.getFilename();
                        Matcher matcher = name.matcher(file == null ? "" : file);
                        if (matcher.matches()) {
                            versions.add(MigrationVersion.fromVersion(matcher.group(1)));
                        }
                    }
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return versions.isEmpty() ? null : versions;
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** Spring Boot's Flyway set-up, which migrates when its context starts. */
    @ImportAutoConfiguration(FlywayAutoConfiguration.class)
    static final class Migration {}
}
