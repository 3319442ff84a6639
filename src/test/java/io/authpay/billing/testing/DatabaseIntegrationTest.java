package io.authpay.billing.testing;

import io.authpay.billing.system.BillingApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that need the Spring application on a real database: each distinct Spring
 * context gets a fresh schema of its own on the run's shared server, migrated by Flyway at start-up.
 */
@SpringBootTest(classes = BillingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class DatabaseIntegrationTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Database db = TestDatabase.newDatabase();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        // Spring keeps the run's contexts cached; idle pools of 20 each would fill the server.
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }
}
