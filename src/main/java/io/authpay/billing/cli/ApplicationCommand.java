package io.authpay.billing.cli;

import io.authpay.billing.system.BillingApplication;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * Base of the commands that need the database or the gateway: starts the Spring application (which
 * migrates the schema) with the command line's Spring properties, runs, and closes it.
 */
abstract class ApplicationCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BillingCli root = (BillingCli) spec.root().userObject();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BillingApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(root.springArgs().toArray(String[]::new))) {
            return call(context);
        }
    }

    /** The command's work, with the application running. Returns the exit code. */
    protected abstract int call(ConfigurableApplicationContext context) throws Exception;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
