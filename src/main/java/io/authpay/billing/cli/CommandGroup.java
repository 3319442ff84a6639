package io.authpay.billing.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command that only groups subcommands: called alone, it shows its usage and exits 2. */
abstract class CommandGroup implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: " + spec.qualifiedName() + " needs a subcommand");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }
}
