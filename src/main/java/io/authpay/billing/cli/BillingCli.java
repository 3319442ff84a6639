package io.authpay.billing.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command. Subcommands find the Spring properties of the command line here. */
@Command(
        name = "authpay-billing",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Recurring billing through JKoPay AuthPay.",
            "Every command also takes Spring properties as --key=value (a key with a dot in it), for example:",
            "  --billing.authpay.base-url=https://onlinepay.jkopay.com",
            "and environment variables such as BILLING_AUTHPAY_SECRET_KEY. Details: <command> --help."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing demo",
        subcommands = {
            CommandLine.HelpCommand.class,
            SubscriptionsCommand.class,
            BindingsCommand.class,
            InquiryCommand.class,
            RefundCommand.class,
            SandboxCommand.class,
            RunCommand.class,
            ExecutionsCommand.class,
            RestartCommand.class,
            StopCommand.class,
            ChargesCommand.class,
            ReportCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            BenchCommand.class
        })
public final class BillingCli implements Runnable {

    private final List<String> springArgs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    BillingCli(List<String> springArgs) {
        this.springArgs = springArgs;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    List<String> springArgs() {
        return springArgs;
    }

    /** Runs a command line and returns the exit code (for {@code main} and for tests). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line writing to the given streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        SpringArgs split = SpringArgs.split(args);
        CommandLine cli = new CommandLine(new BillingCli(split.springArgs()));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        exitCodesInHelp(cli);
        int code = cli.execute(split.commandArgs().toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }

    /** The exit codes every command shows in its --help, unless it lists its own. */
    private static void exitCodesInHelp(CommandLine command) {
        CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        usage.exitCodeListHeading("%nExit codes:%n");
        if (usage.exitCodeList().isEmpty()) {
            Map<String, String> codes = new LinkedHashMap<>();
            codes.put(String.valueOf(ExitCodes.OK), "done");
            codes.put(String.valueOf(ExitCodes.FAILED), "failed: the message says why");
            codes.put(
                    String.valueOf(ExitCodes.BAD_INPUT),
                    "bad input (an unknown option, a bad value or setting): nothing was changed");
            usage.exitCodeList(codes);
        }
        command.getSubcommands().values().forEach(BillingCli::exitCodesInHelp);
    }

    /** Turns any failure into one clear line on stderr and an exit code; the stack trace is for --debug logs. */
    private static final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            commandLine.getErr().println("error: " + Failures.explain(ex));
            org.slf4j.LoggerFactory.getLogger(BillingCli.class).debug("command failed", ex);
            return Failures.exitCode(ex);
        }
    }
}
