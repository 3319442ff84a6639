package io.authpay.billing.authpay;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.testing.LogCapture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The program's logging configuration (application.yaml) with the root logger at DEBUG, as an operator
 * debugging a problem would set it: a gateway call never writes the api-key (nor the digest) to the log.
 */
class ApiKeyNotLoggedTests {

    private static final String API_KEY = "api-key-that-must-never-be-logged-1234";
    private static final List<String> RESTORED =
            List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.authpay.billing", "org.apache.hc", "ch.vorburger");

    @Configuration(proxyBeanMethods = false)
    static class NothingButConfiguration {}

    @Test
    void theApiKeyIsNeverLoggedEvenAtRootDebug() {
        Map<String, Level> before = new HashMap<>();
        RESTORED.forEach(name -> before.put(name, logger(name).getLevel()));
        try (AuthPaySandbox sandbox =
                        AuthPaySandbox.builder().apiKey(API_KEY).build().start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(NothingButConfiguration.class)
                        .web(WebApplicationType.NONE)
                        .run("--logging.level.root=DEBUG")) {
            assertThat(logger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
            try (LogCapture log = LogCapture.root();
                    AuthPayClient client = new AuthPayClient(AuthPayClientConfig.of(
                            sandbox.baseUrl().toString(), API_KEY, "sandbox-secret", "sandbox-store"))) {
                client.detail("12345");
                client.inquiry(List.of("order-1"));

                assertThat(log.lines()).as("root DEBUG logs something").isNotEmpty();
                assertThat(log.lines()).noneMatch(line -> line.contains(API_KEY));
            }
        } finally {
            before.forEach((name, level) -> logger(name).setLevel(level));
        }
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
