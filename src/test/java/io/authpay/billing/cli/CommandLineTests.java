package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTests {

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BillingCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new BillingCli(List.of())), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(8);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run result = run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).as(String.join(" ", args)).startsWith("Usage: authpay-billing");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }

    @Test
    void anUnknownCommandExitsTwoAndSaysWhich() {
        Run result = run("charge-everyone");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("charge-everyone");
    }

    @Test
    void aGroupWithoutItsSubcommandExitsTwo() {
        Run result = run("bindings");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("needs a subcommand");
    }

    @Test
    void springPropertiesAreSeparatedFromCommandOptions() {
        SpringArgs split = SpringArgs.split(new String[] {
            "refund", "o-1", "--amount", "5", "--billing.authpay.base-url=https://x", "--amount=6", "--spring.x=y"
        });

        assertThat(split.springArgs()).containsExactly("--billing.authpay.base-url=https://x", "--spring.x=y");
        assertThat(split.commandArgs()).containsExactly("refund", "o-1", "--amount", "5", "--amount=6");
    }
}
