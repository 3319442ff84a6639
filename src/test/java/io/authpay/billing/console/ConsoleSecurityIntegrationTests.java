package io.authpay.billing.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in, session and CSRF protection over HTTP, as a browser meets them (cookies, forms,
 * redirects), on a serve node with the sandbox. Runs without a browser.
 */
class ConsoleSecurityIntegrationTests extends ServeIntegrationTest {

    @BeforeEach
    void inTheWindow() {
        CLOCK.set(taipei("2026-12-01T10:00"));
    }

    @Test
    void everyPageNeedsASignInAndTheSignInPageTakesNoCredentialInItsUrl() {
        ConsoleSession browser = new ConsoleSession(port);
        for (String page : List.of("/", "/runs", "/charges", "/charges/1", "/runs/1")) {
            HttpResponse<String> answer = browser.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        }
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("method=\"post\"", "type=\"password\"", "name=\"_csrf\"");
    }

    @Test
    void aNamedOperatorAndTheTokenHolderSignInAndTheAuditLogNamesThem() {
        for (String[] who : List.of(new String[] {OPERATOR, OPERATOR_PASSWORD}, new String[] {ACTOR, TOKEN})) {
            ConsoleSession browser = new ConsoleSession(port);
            HttpResponse<String> signedIn = browser.signIn(who[0], who[1]);
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/");
            HttpResponse<String> today = browser.get("/");
            assertThat(today.statusCode()).isEqualTo(200);
            assertThat(today.body()).contains(who[0]);

            long chargeId = charge(subscription(grantedBinding()), "NEEDS_REVIEW", null);
            HttpResponse<String> resolved = browser.post(
                    "/charges/" + chargeId + "/resolve",
                    Map.of("outcome", "cancel", "reason", "duplicate order", "_csrf", ConsoleSession.csrf(today)));
            assertThat(resolved.statusCode()).isEqualTo(302);
            assertThat(status(chargeId)).isEqualTo("CANCELED");
            assertThat(audit("charge", Long.toString(chargeId)))
                    .containsExactly(who[0] + " RESOLVE_CHARGE duplicate order");
        }
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        ConsoleSession browser = new ConsoleSession(port);
        browser.signIn(OPERATOR, OPERATOR_PASSWORD);
        long chargeId = charge(subscription(grantedBinding()), "NEEDS_REVIEW", null);
        // The operator has the queue open (its session has a CSRF token) when a forged POST arrives.
        assertThat(browser.get("/charges").body()).contains("review-" + chargeId);

        HttpResponse<String> forged =
                browser.post("/charges/" + chargeId + "/resolve", Map.of("outcome", "cancel", "reason", "forged"));
        HttpResponse<String> wrongToken = browser.post(
                "/charges/" + chargeId + "/resolve", Map.of("outcome", "cancel", "reason", "forged", "_csrf", "x"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(status(chargeId)).isEqualTo("NEEDS_REVIEW");
        assertThat(audit("charge", Long.toString(chargeId))).isEmpty();
    }

    @Test
    void aWrongCredentialIsRefusedAndRepeatedFailuresFromOneClientAreSlowedDown() {
        long audits = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class);
        // Its own client address, so that other tests' sign-ins are not slowed down.
        String[] client = {"X-Forwarded-For", "203.0.113.7"};
        ConsoleSession browser = new ConsoleSession(port);
        for (int i = 1; i <= SignInThrottle.FREE_FAILURES; i++) {
            HttpResponse<String> wrong = browser.signIn(OPERATOR, "not-the-password", client);
            assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        }
        // Now even the right password is refused until the wait is over, without being checked.
        HttpResponse<String> tooSoon = browser.signIn(OPERATOR, OPERATOR_PASSWORD, client);
        assertThat(tooSoon.headers().firstValue("Location").orElseThrow()).contains("/login?wait=");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        // Another client is not slowed down.
        assertThat(new ConsoleSession(port)
                        .signIn(OPERATOR, OPERATOR_PASSWORD, "X-Forwarded-For", "203.0.113.8")
                        .headers()
                        .firstValue("Location")
                        .orElseThrow())
                .endsWith("/");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class))
                .isEqualTo(audits);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureBehindHttps() {
        ConsoleSession plain = new ConsoleSession(port);
        String cookie = plain.signIn(OPERATOR, OPERATOR_PASSWORD)
                .headers()
                .firstValue("Set-Cookie")
                .orElseThrow();
        assertThat(cookie)
                .startsWith("JSESSIONID=")
                .contains("HttpOnly", "SameSite=Strict")
                .doesNotContain("Secure");

        ConsoleSession proxied = new ConsoleSession(port);
        String secure = proxied.signIn(OPERATOR, OPERATOR_PASSWORD, "X-Forwarded-Proto", "https")
                .headers()
                .firstValue("Set-Cookie")
                .orElseThrow();
        assertThat(secure).contains("HttpOnly", "SameSite=Strict", "Secure");
    }

    @Test
    void signingOutEndsTheSession() {
        ConsoleSession browser = new ConsoleSession(port);
        browser.signIn(OPERATOR, OPERATOR_PASSWORD);
        HttpResponse<String> today = browser.get("/");
        assertThat(today.statusCode()).isEqualTo(200);

        HttpResponse<String> out = browser.post("/logout", Map.of("_csrf", ConsoleSession.csrf(today)));

        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?signedOut");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void springBootMakesNoDefaultUserWithAGeneratedPasswordThatItWouldLog(
            @org.springframework.beans.factory.annotation.Autowired
                    org.springframework.context.ApplicationContext context) {
        assertThat(context.getBeansOfType(org.springframework.security.core.userdetails.UserDetailsService.class))
                .isEmpty();
    }

    @Test
    void theApiStillTakesTheBearerTokenAndNoSessionCookie() {
        Answer answer = call("GET", "/api/executions", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Set-Cookie")).isNull();
        assertThat(call("GET", "/api/executions", null, null).status()).isEqualTo(401);
    }

    private String status(long chargeId) {
        return jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeId);
    }
}
