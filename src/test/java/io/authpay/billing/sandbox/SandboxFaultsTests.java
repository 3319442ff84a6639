package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ResultCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SandboxFaultsTests {

    final SandboxFaults faults = new SandboxFaults(7);
    final Subject onA = new Subject("A", List.of("o-1"));
    final Subject onB = new Subject("B", List.of("o-2"));

    @Test
    void aFaultForTheNextTwoCallsHitsTwoAndIsSpent() {
        faults.resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.authNo("A").times(2));

        assertThat(faults.takeChargeFault(onB))
                .as("another auth_no does not spend it")
                .isEmpty();
        assertThat(faults.takeChargeFault(onA)).isPresent();
        assertThat(faults.takeChargeFault(onA)).isPresent();
        assertThat(faults.takeChargeFault(onA)).isEmpty();
    }

    @Test
    void rulesApplyInTheOrderTheyWereAdded() {
        faults.timeoutAfterCharge(
                        Duration.ofSeconds(9),
                        FaultTarget.platformOrderId("o-1").times(1))
                .resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.everyCall());

        assertThat(faults.takeChargeFault(onA).map(SandboxFaults.ChargeFault::fault))
                .contains(Fault.TIMEOUT_AFTER_CHARGE);
        assertThat(faults.takeChargeFault(onA))
                .contains(new SandboxFaults.ChargeFault(Fault.SCRIPTED_RESULT, ResultCode.PAYMENT_FAILED, null));
    }

    @Test
    void aBrokenAnswerIsScopedToItsEndpointAndStage() {
        faults.brokenAnswer(AuthPayEndpoint.INQUIRY, BrokenAnswer.EMPTY_BODY, FaultTarget.everyCall());

        assertThat(faults.takeBrokenAfterProcessing(AuthPayEndpoint.CHARGE, onA))
                .isEmpty();
        assertThat(faults.takeBrokenBeforeProcessing(AuthPayEndpoint.INQUIRY, onA))
                .isEmpty();
        assertThat(faults.takeBrokenAfterProcessing(AuthPayEndpoint.INQUIRY, onA))
                .contains(BrokenAnswer.EMPTY_BODY);
    }

    @Test
    void aFractionRepeatsWithTheSameSeedAndHitsRoughlyThatShare() {
        List<Boolean> first = draws(new SandboxFaults(42));
        List<Boolean> second = draws(new SandboxFaults(42));

        assertThat(first).isEqualTo(second);
        assertThat(first.stream().filter(hit -> hit).count()).isBetween(200L, 400L);
    }

    private List<Boolean> draws(SandboxFaults seeded) {
        seeded.resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.fraction(0.3));
        return IntStream.range(0, 1000)
                .mapToObj(i -> seeded.takeChargeFault(onA).isPresent())
                .toList();
    }

    @Test
    void aRandomLatencyStaysWithinItsBounds() {
        faults.latency(Duration.ofMillis(10), Duration.ofMillis(20));

        List<Duration> latencies = IntStream.range(0, 1000)
                .mapToObj(i -> faults.latencyFor(AuthPayEndpoint.CHARGE))
                .toList();

        assertThat(latencies)
                .allSatisfy(latency -> assertThat(latency).isBetween(Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThat(latencies.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void latencyAppliesToChargesUnlessAskedForEveryEndpoint() {
        faults.latency(Duration.ofMillis(50));

        assertThat(faults.latencyFor(AuthPayEndpoint.CHARGE)).isEqualTo(Duration.ofMillis(50));
        assertThat(faults.latencyFor(AuthPayEndpoint.INQUIRY)).isZero();
        faults.latencyOnAllEndpoints(true);
        assertThat(faults.latencyFor(AuthPayEndpoint.INQUIRY)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void resetRemovesRulesAndLatencyAndRestartsTheRandomSequence() {
        List<Boolean> before = draws(faults);
        faults.latency(Duration.ofSeconds(1));

        faults.reset();

        assertThat(faults.latencyFor(AuthPayEndpoint.CHARGE)).isZero();
        assertThat(faults.takeChargeFault(onA)).isEqualTo(Optional.empty());
        assertThat(draws(faults)).isEqualTo(before);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> faults.resultCode(ResultCode.SUCCESS, FaultTarget.everyCall()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.latency(Duration.ofMillis(5), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultTarget.fraction(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultTarget.everyCall().times(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
