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

    /**
     * What a read-only command leaves out: the scheduler and the batch runtime, which it never uses and
     * whose start-up (a Quartz scheduler, the job repository) costs seconds.
     */
    static final String READ_ONLY_EXCLUDES = String.join(
            ",",
            "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration",
            "org.springframework.boot.quartz.autoconfigure.QuartzEndpointAutoConfiguration",
            "org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
            "org.springframework.boot.batch.autoconfigure.BatchJobLauncherAutoConfiguration",
            "org.springframework.boot.batch.autoconfigure.observation.BatchObservationAutoConfiguration",
            "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BillingCli root = (BillingCli) spec.root().userObject();
        SpringApplicationBuilder application = new SpringApplicationBuilder(BillingApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false);
        if (readOnly()) {
            // Only the beans the command asks for are made (the data source, hence the migration, included).
            application.lazyInitialization(true).properties("spring.autoconfigure.exclude=" + READ_ONLY_EXCLUDES);
        }
        try (ConfigurableApplicationContext context =
                application.run(root.springArgs().toArray(String[]::new))) {
            return call(context);
        }
    }

    /**
     * Whether the command only reads the database (a listing, a report): it then starts lazily, without
     * the scheduler and the batch runtime, so that an operator's everyday look costs little.
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
