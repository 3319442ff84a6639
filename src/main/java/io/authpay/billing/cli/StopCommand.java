package io.authpay.billing.cli;

import io.authpay.billing.batch.LaunchRefusedException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = {
            "Ask a running execution to stop, in this process or any other.",
            "It ends its current step cleanly within a heartbeat and becomes STOPPED, restartable."
        },
        exitCodeList = {"0:asked (or already stopping)", "1:not running", "2:unknown execution"},
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing stop 42")
final class StopCommand extends ApplicationCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to stop (see: executions)")
    long executionId;

    @Override
    protected int call(ConfigurableApplicationContext context) {
        JobConsole console = new JobConsole(context, out(), err());
        boolean wasStopping;
        JobExecution execution;
        try {
            wasStopping = console.launcher().execution(executionId).getStatus() == BatchStatus.STOPPING;
            execution = console.launcher().stop(executionId);
        } catch (LaunchRefusedException e) {
            return console.refused(e);
        }
        String job = execution.getJobInstance().getJobName();
        if (wasStopping) {
            out().printf("execution %d of %s is already stopping%n", executionId, job);
            return ExitCodes.OK;
        }
        console.audit("STOP_JOB_EXECUTION", executionId, job);
        out().printf(
                        "asked execution %d of %s to stop; it ends its step cleanly and becomes STOPPED (see: executions)%n",
                        executionId, job);
        return ExitCodes.OK;
    }
}
