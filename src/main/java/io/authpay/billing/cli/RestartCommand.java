package io.authpay.billing.cli;

import io.authpay.billing.batch.LaunchRefusedException;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a FAILED or STOPPED execution where it ended, and wait for it.",
            "An execution left running by a process that died is recovered (marked FAILED) first."
        },
        exitCodeList = {
            "0:COMPLETED",
            "1:FAILED, or not restartable",
            "2:unknown execution",
            "3:STOPPED, or refused by the billing window"
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing restart 42")
final class RestartCommand extends ApplicationCommand {

    @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to continue (see: executions)")
    long executionId;

    @Override
    protected int call(ConfigurableApplicationContext context) {
        JobConsole console = new JobConsole(context, out(), err());
        console.recoverDead();
        JobExecution execution;
        try {
            execution = console.launcher().execution(executionId);
        } catch (LaunchRefusedException e) {
            return console.refused(e);
        }
        return console.launchAndWait(
                execution.getJobInstance().getJobName(),
                "RESTART_JOB_EXECUTION",
                launcher -> launcher.restart(executionId));
    }
}
