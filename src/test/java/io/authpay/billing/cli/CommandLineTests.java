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

    @Test
    void everyHelpHasAOneSentenceSummaryDefaultsAnExampleAndTheExitCodes() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new BillingCli(List.of())), new ArrayList<>(), paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            String help = run(args.toArray(String[]::new)).out();
            String name = String.join(" ", args);
            CommandLine command = commandAt(path);

            String summary = command.getCommandSpec().usageMessage().description()[0];
            assertThat(summary)
                    .as(name + ": the summary is one whole sentence")
                    .endsWith(".")
                    .doesNotContain(". ");
            assertThat(help).as(name).contains("Example:");
            assertThat(help.substring(help.indexOf("Example:")))
                    .as(name)
                    .containsPattern("(?m)^  authpay-billing " + String.join(" ", path));
            assertThat(help).as(name).contains("Exit codes:").containsPattern("(?m)^  0 +\\S");
            assertThat(help).as(name).containsPattern("(?m)^  2 +\\S");
            command.getCommandSpec().options().stream()
                    .filter(option -> option.defaultValue() != null && !option.usageHelp() && !option.versionHelp())
                    .forEach(option -> assertThat(String.join(" ", option.description()))
                            .as(name + " " + option.longestName() + " shows its default")
                            .contains("default:"));
            assertNoNameBrokenAcrossLines(path, help);
        }
    }

    @Test
    void theTopLevelHelpListsEveryCommandWithAWholeSentence() {
        String help = run("--help").out();
        String commands = help.substring(help.indexOf("Commands:"));
        // An entry is its first line and the indented lines that continue it.
        List<String> entries = new ArrayList<>();
        for (String line : commands.lines().skip(1).toList()) {
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                entries.add(line.strip());
            } else if (line.startsWith("   ") && !entries.isEmpty()) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            } else {
                break;
            }
        }
        assertThat(entries).hasSizeGreaterThan(12);
        assertThat(entries).allSatisfy(entry -> assertThat(entry).endsWith("."));
        assertNoNameBrokenAcrossLines(List.of(), help);
    }

    /**
     * A line ending inside a dotted name ("billing.authpay." then "base-url") cuts a property in two: every
     * dotted word that ends a line of the help must be a whole word of the same help printed without wrapping.
     */
    private static void assertNoNameBrokenAcrossLines(List<String> path, String help) {
        CommandLine command = commandAt(path);
        command.setUsageHelpWidth(10_000);
        String unwrapped = command.getUsageMessage();
        for (String line : help.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            String last = words[words.length - 1];
            if (last.matches(".*[a-z]\\.[a-z].*|.*[a-z]\\.")) {
                assertThat(unwrapped)
                        .as(String.join(" ", path) + ": a name broken at the end of the line: " + line)
                        .containsPattern("(^|\\s)" + java.util.regex.Pattern.quote(last) + "(\\s|$)");
            }
        }
    }

    private static CommandLine commandAt(List<String> path) {
        CommandLine command = new CommandLine(new BillingCli(List.of()));
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        return command;
    }

    @Test
    void sandboxHelpSaysItsBindingsLiveInMemoryAndShowsTheLatencyDefault() {
        String help = run("sandbox", "--help").out().replaceAll("\\s+", " ");

        assertThat(help)
                .contains("keeps bindings, orders and refunds in memory")
                .contains("--state");
        assertThat(help).contains("MIN-MAX for a random delay (default: none, answers at once)");
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
    void csvWithoutASectionOrAFolderAsksForOneInsteadOfPrintingSeveralTables() {
        Run result = run("report", "--format", "csv");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip())
                .startsWith("error: CSV holds one table: give --section (one of summary, charges,")
                .endsWith("or --output DIR for one file per section");
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
    void benchRefusesFewerThanOneNodeAndNodesWithAFullDayBeforeStartingAnything() {
        Run none = run("bench", "--nodes", "0");
        Run both = run("bench", "--nodes", "2", "--full-day");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("error: ").contains("--nodes at least 1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: ").contains("--nodes and --full-day");
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
