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
class EmbeddedDatabaseConfiguration {

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
                .username("root")
                .password("")
                .build();
    }

    static final class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
