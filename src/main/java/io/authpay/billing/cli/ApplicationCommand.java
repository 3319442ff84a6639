package io.authpay.billing.cli;

import io.authpay.billing.system.BillingApplication;
import io.authpay.billing.system.ReadOnlyApplication;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * Base of the commands that need the database or the gateway: starts the Spring application (which
 * migrates the schema) with the command line's Spring properties, runs, and closes it; a read-only
 * command starts a smaller one.
 */
abstract class ApplicationCommand implements Callable<Integer> {

    private static final String NO_BACKGROUND_PREINITIALIZER = "spring.backgroundpreinitializer.ignore";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BillingCli root = (BillingCli) spec.root().userObject();
        if (readOnly()) {
            // Spring Boot warms up Jackson, Tomcat and the validator in a background thread for the start of
            // a server; a short command on two cores only pays for it (a third of its classes).
            System.setProperty(NO_BACKGROUND_PREINITIALIZER, "true");
        }
        // A read-only command starts the settings, the database and the readers only.
        SpringApplicationBuilder application = new SpringApplicationBuilder(
                        readOnly() ? ReadOnlyApplication.class : BillingApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false);
        try (ConfigurableApplicationContext context =
                application.run(root.springArgs().toArray(String[]::new))) {
            return call(context);
        }
    }

    /**
     * Whether the command only reads the database (a listing, a report): it then starts {@link
     * ReadOnlyApplication}, without the scheduler, the batch runtime or the gateway, and migrates the schema
     * only when it is behind, so that an operator's everyday look costs little.
     */
    protected boolean readOnly() {
        return false;
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
