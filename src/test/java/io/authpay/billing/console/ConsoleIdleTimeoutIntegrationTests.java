package io.authpay.billing.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's idle timeout ({@code server.servlet.session.timeout}) on a node where it is a few seconds: a
 * session in use stays, an idle one ends and the next page asks to sign in again, a fresh sign-in works. The
 * embedded Tomcat alone would keep such a session for a whole minute.
 */
class ConsoleIdleTimeoutIntegrationTests extends ServeIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    @DynamicPropertySource
    static void shortIdleTimeout(DynamicPropertyRegistry registry) {
        registry.add(IdleTimeout.SETTING, () -> TIMEOUT.toSeconds() + "s");
    }

    @Test
    void anIdleSessionEndsAfterTheTimeoutWhileOneInUseStaysAndAFreshSignInWorks() throws InterruptedException {
        ConsoleSession browser = new ConsoleSession(port);
        browser.signIn(OPERATOR, OPERATOR_PASSWORD);
        // In use: a page every second, for longer than the timeout, keeps the session.
        for (int i = 0; i < 6; i++) {
            assertThat(browser.get("/").statusCode())
                    .as("page %d of a session in use", i)
                    .isEqualTo(200);
            Thread.sleep(1000);
        }

        Thread.sleep(TIMEOUT.plusSeconds(2).toMillis());

        HttpResponse<String> idle = browser.get("/charges");
        assertThat(idle.statusCode()).isEqualTo(302);
        assertThat(idle.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
        assertThat(browser.get("/login?expired").body()).contains("Your session ended after a while without use");
        HttpResponse<String> again = browser.signIn(OPERATOR, OPERATOR_PASSWORD);
        assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(browser.get("/charges").statusCode()).isEqualTo(200);
    }
}
