package io.authpay.billing.batch;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Gives a stopped or failed job execution a one-line exit description an operator can act on, in place
 * of Spring Batch's (an exception class name, or a whole stack trace).
 */
final class ExitDescriptionListener implements JobExecutionListener {

    @Override
    public void afterJob(JobExecution execution) {
        BatchStatus status = execution.getStatus();
        if (status != BatchStatus.STOPPED && status != BatchStatus.FAILED) {
            return;
        }
        // The step that ended the run: of a partitioned step, the partition whose end decided the run's (a
        // breaker that opened, not the partitions it stopped), which recorded why; else the last one.
        StepExecution ended = execution.getStepExecutions().stream()
                .filter(step -> step.getStatus() != BatchStatus.COMPLETED)
                .filter(step -> StepFigures.exitDescription(step.getExecutionContext()) != null)
                .reduce((first, second) -> second.getStatus().isGreaterThan(first.getStatus()) ? second : first)
                .or(() -> execution.getStepExecutions().stream()
                        .filter(step -> step.getStatus() != BatchStatus.COMPLETED)
                        .reduce((first, second) -> second))
                .orElse(null);
        String description = describe(status, ended);
        execution.setExitStatus(new ExitStatus(execution.getExitStatus().getExitCode(), description));
    }

    private static String describe(BatchStatus status, StepExecution step) {
        if (step == null) {
            return status == BatchStatus.STOPPED
                    ? "stopped on request before a step started"
                    : "failed before a step started";
        }
        String recorded = StepFigures.exitDescription(step.getExecutionContext());
        if (recorded != null) {
            return recorded;
        }
        if (status == BatchStatus.STOPPED) {
            return "stopped on request during " + step.getStepName() + "; a restart continues from there";
        }
        return step.getStepName() + " failed: " + rootMessage(step);
    }

    private static String rootMessage(StepExecution step) {
        if (step.getFailureExceptions().isEmpty()) {
            return step.getExitStatus().getExitCode();
        }
        Throwable failure = step.getFailureExceptions().get(0);
        String message = failure.toString();
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage(); // the deepest cause with a message says what really went wrong
            }
        }
        return message;
    }
}
