package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A serve node whose context is stopped and started again runs jobs as before. Spring's test framework does
 * exactly this to the context every {@link ServeIntegrationTest} shares whenever a test class with another
 * context runs in between (it pauses the cached context, then restarts it): a node that shut its run
 * threads down for good at the stop refused every later run.
 */
class PausedContextIntegrationTests extends ServeIntegrationTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void aContextPausedAndRestartedStartsAndCompletesARunOnTheApi() {
        CLOCK.set(taipei("2026-12-01T10:00"));
        String authNo = grantedBinding();
        long chargeId = charge(subscription(authNo), "DUE", null);

        context.pause();
        context.restart();
        // The web server may listen on another free port after its restart.
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));

        Answer started = call("POST", "/api/jobs/daily-billing/runs", "{\"reason\": \"after a pause\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("execution_id").asLong();
        await(
                "the run to complete",
                () -> call("GET", "/api/executions/" + id, null)
                        .json()
                        .get("status")
                        .asString()
                        .equals("COMPLETED"));
        assertThat(jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeId))
                .isEqualTo("SUCCEEDED");
        assertThat(SANDBOX.ledger().chargesFor(authNo)).hasSize(1);
    }
}
