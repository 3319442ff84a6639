package io.authpay.billing.system;

import io.authpay.billing.batch.ExecutionListing;
import io.authpay.billing.report.BillingReports;
import io.authpay.billing.subscription.Subscriptions;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The Spring application behind the read-only commands (listings, reports): the settings, the database and
 * the readers, nothing else. No scheduler, no batch runtime, no gateway client, no JSON or metrics machinery,
 * no scan of the whole program: an operator's everyday look starts in a fraction of the full application's
 * time. The schema is migrated only when it is behind this build ({@link MigrateWhenBehind}).
 *
 * <p>Not a {@code @Configuration} on purpose: {@link BillingApplication}'s scan must not find it (the full
 * application migrates at every start, as before).
 */
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    DataSourceAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class,
    JdbcTemplateAutoConfiguration.class
})
@EnableConfigurationProperties(BillingProperties.class)
@Import({EmbeddedDatabaseConfiguration.class, ClockConfiguration.class, ExecutionListing.class, Subscriptions.class})
// The report package holds the report and charge readers only; scanned so that a reader it adds comes along.
@ComponentScan(basePackageClasses = BillingReports.class)
public class ReadOnlyApplication {

    @Bean
    MigrateWhenBehind migrateWhenBehind(ConfigurableApplicationContext context) {
        return new MigrateWhenBehind(context);
    }
}
