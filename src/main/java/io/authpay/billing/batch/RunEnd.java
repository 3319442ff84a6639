package io.authpay.billing.batch;

import io.authpay.billing.charge.RunSummary;
import io.authpay.billing.charge.StopReason;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;

/**
 * How a daily charge run's {@link StopReason} ends its step: completed; stopped, to be restarted (the
 * window or an operator ended it, nothing is lost); or failed (the circuit breaker opened: something is
 * broken and a person should look before it runs again).
 *
 * @param status the step's status
 * @param description why, for the operator; empty when completed
 */
record RunEnd(BatchStatus status, String description) {

    static RunEnd of(RunSummary summary) {
        String detail = summary.detail().isBlank() ? "" : ": " + summary.detail();
        return switch (summary.stopReason()) {
            case COMPLETED -> new RunEnd(BatchStatus.COMPLETED, "");
            case OUTSIDE_WINDOW ->
                new RunEnd(BatchStatus.STOPPED, "outside the billing window, nothing was charged" + detail);
            case WINDOW_CLOSED ->
                new RunEnd(
                        BatchStatus.STOPPED,
                        "the billing window closed; what is left stays due for the next window" + detail);
            case STOP_REQUESTED ->
                new RunEnd(BatchStatus.STOPPED, "stopped on request; what is left stays due" + detail);
            case CIRCUIT_OPEN ->
                new RunEnd(
                        BatchStatus.FAILED,
                        "circuit breaker open"
                                + (detail.isEmpty() ? ": too many unknown or rejected requests in a row" : detail));
        };
    }

    /**
     * Ends the step this way without throwing: a stop or an open circuit is an expected outcome, and an
     * exception would bury the reason under a stack trace in the exit description. A step that ends
     * STOPPED or FAILED is started again by a restart.
     */
    void applyTo(StepExecution step) {
        if (status == BatchStatus.COMPLETED) {
            return;
        }
        step.setStatus(status);
        step.setExitStatus(new ExitStatus(status.name(), description));
        StepFigures.exitDescription(step.getExecutionContext(), description);
    }
}
