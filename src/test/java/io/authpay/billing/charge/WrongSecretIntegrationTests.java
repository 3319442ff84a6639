package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A merchant configured with the wrong secret key: every charge is refused, and the run stops before harm. */
class WrongSecretIntegrationTests extends ChargeEngineIntegrationTest {

    @DynamicPropertySource
    static void wrongSecret(DynamicPropertyRegistry registry) {
        registry.add("test.authpay.secret-key", () -> "not-the-merchants-secret");
        // A schema of its own numbers charges from 1 again: its order ids must not meet the other tests' ones.
        registry.add("billing.charge.order-id-prefix", () -> "wrong-secret");
    }

    @Test
    void aWrongSecretKeyOpensTheCircuitAfterThreeRefusalsAndLeavesTheRestDue() {
        List<Long> charges = new ArrayList<>();
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            authNos.add(binding(499, SandboxCyclePeriod.MONTH, 1));
            charges.add(dueCharge(authNos.get(i), 499));
        }

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.CIRCUIT_OPEN);
        assertThat(summary.byOutcome()).containsOnlyKeys(OutcomeClass.REQUEST_ERROR);
        assertThat(summary.byResultCode()).containsOnlyKeys("201");
        assertThat(summary.attempts()).isBetween(3, 6);
        assertThat(charges.stream().map(this::status).filter("DUE"::equals)).hasSize(10 - summary.attempts());
        assertThat(authNos)
                .allSatisfy(authNo -> assertThat(ledger().chargesFor(authNo)).isEmpty());
    }
}
