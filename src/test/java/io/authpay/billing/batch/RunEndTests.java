package io.authpay.billing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.charge.RunSummary;
import io.authpay.billing.charge.StopReason;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

class RunEndTests {

    @Test
    void aCompletedRunCompletesTheStep() {
        assertThat(RunEnd.of(summary(StopReason.COMPLETED, ""))).isEqualTo(new RunEnd(BatchStatus.COMPLETED, ""));
    }

    @Test
    void theWindowAndTheOperatorStopTheStepRestartably() {
        assertThat(RunEnd.of(summary(StopReason.WINDOW_CLOSED, "")).status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(RunEnd.of(summary(StopReason.STOP_REQUESTED, "")).status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(RunEnd.of(summary(StopReason.OUTSIDE_WINDOW, "")).status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(RunEnd.of(summary(StopReason.WINDOW_CLOSED, "at 20:00")).description())
                .isEqualTo("the billing window closed; what is left stays due for the next window: at 20:00");
    }

    @Test
    void anOpenCircuitFailsTheStepWithItsReason() {
        RunEnd end = RunEnd.of(summary(StopReason.CIRCUIT_OPEN, "6 UNKNOWN outcomes in a row"));

        assertThat(end).isEqualTo(new RunEnd(BatchStatus.FAILED, "circuit breaker open: 6 UNKNOWN outcomes in a row"));
        assertThat(RunEnd.of(summary(StopReason.CIRCUIT_OPEN, "")).description())
                .startsWith("circuit breaker open: ");
    }

    @Test
    void aStopOrFailureIsWrittenOnTheStepAndKeptInItsContext() {
        StepExecution step = new StepExecution(
                7, "charge-due", new JobExecution(3, new JobInstance(1, "daily-billing"), new JobParameters()));

        RunEnd.of(summary(StopReason.CIRCUIT_OPEN, "broken")).applyTo(step);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(step.getExitStatus().getExitCode()).isEqualTo("FAILED");
        assertThat(step.getExitStatus().getExitDescription()).isEqualTo("circuit breaker open: broken");
        assertThat(StepFigures.exitDescription(step.getExecutionContext())).isEqualTo("circuit breaker open: broken");
    }

    private static RunSummary summary(StopReason reason, String detail) {
        return new RunSummary(reason, detail, 0, 0, 0, Map.of(), Map.of());
    }
}
