package io.authpay.billing.cli;

import io.authpay.billing.web.ServeApplication;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the scheduler, the operator API, the binding callback and health checks.",
            "The scheduler fires jobs/*.yml with Quartz clustered over the database; the operator REST API"
                    + " (/api) needs the bearer token billing.operator.token; the binding callback is"
                    + " /callbacks/authpay/binding; Actuator serves /actuator/health and /actuator/prometheus.",
            "Runs until SIGTERM or Ctrl-C, then stops cleanly: no new fires, running executions stop"
                    + " (STOPPED, restartable) once their calls in flight have recorded their outcome.",
            "Port: --server.port=8080. Schedules: --billing.schedule.dir=jobs (else those in the jar)."
        },
        exitCodeList = {
            "0:stopped cleanly (SIGTERM or Ctrl-C)",
            "1:could not start (the message says why)",
            "2:a bad setting or option, or the embedded database folder in use"
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  export BILLING_OPERATOR_TOKEN=<at least 16 random characters>",
            "  authpay-billing serve --spring.datasource.url=jdbc:mysql://db:3306/billing"
        })
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BillingCli root = (BillingCli) spec.root().userObject();
        ConfigurableApplicationContext context =
                ServeApplication.builder().run(root.springArgs().toArray(String[]::new));
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        if (context instanceof WebServerApplicationContext web) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "serving on port %d; stop with SIGTERM or Ctrl-C%n",
                            web.getWebServer().getPort());
            spec.commandLine().getOut().flush();
        }
        try {
            // The JVM's shutdown hook closes the context on SIGTERM; this thread only waits for that.
            closed.await();
            while (context.isActive()) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
        return ExitCodes.OK;
    }
}
