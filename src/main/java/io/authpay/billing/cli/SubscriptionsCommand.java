package io.authpay.billing.cli;

import io.authpay.billing.report.TextTable;
import io.authpay.billing.subscription.SubscriptionCsv;
import io.authpay.billing.subscription.SubscriptionCsvResult;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.subscription.Subscriptions;
import io.authpay.billing.system.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "subscriptions",
        mixinStandardHelpOptions = true,
        description = "Import, list, create, show, pause, resume and cancel subscriptions.",
        subcommands = {
            SubscriptionsCommand.Import.class,
            SubscriptionsCommand.ListCommand.class,
            SubscriptionVerbs.Create.class,
            SubscriptionVerbs.Show.class,
            SubscriptionVerbs.Pause.class,
            SubscriptionVerbs.Resume.class,
            SubscriptionVerbs.Cancel.class
        })
final class SubscriptionsCommand extends CommandGroup {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import subscriptions from a CSV file: every row is checked first; all rows are imported or none.",
                "Header: " + "external_id,auth_no,amount,currency,period,anchor_date,trade_name[,next_billing_date]",
                "Exit code 2 with every bad row named by line and field."
            })
    static final class Import extends ApplicationCommand {
        @Parameters(paramLabel = "FILE", description = "the CSV file (UTF-8)")
        Path file;

        @Override
        public Integer call() throws Exception {
            // Check the file before starting the database: bad input changes nothing and costs nothing.
            SubscriptionCsvResult parsed = parse(file);
            if (!parsed.isValid()) {
                err().println(file + ": " + parsed.format());
                return ExitCodes.BAD_INPUT;
            }
            this.rows = parsed.rows();
            return super.call();
        }

        private List<io.authpay.billing.subscription.SubscriptionRow> rows;

        @Override
        protected int call(ConfigurableApplicationContext context) {
            SubscriptionImporter.Result result = context.getBean(SubscriptionImporter.class)
                    .importAll(
                            rows,
                            AuditLog.commandLineActor(),
                            file.getFileName().toString());
            out().printf(
                            "imported %d subscriptions from %s: %d new, %d updated%n",
                            rows.size(), file, result.created(), result.updated());
            return ExitCodes.OK;
        }

        private static SubscriptionCsvResult parse(Path file) {
            if (Files.isDirectory(file)) {
                throw new CliException(ExitCodes.BAD_INPUT, file + " is a folder, not a CSV file");
            }
            try {
                return SubscriptionCsv.parse(file);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCodes.BAD_INPUT, "no such file: " + file);
            } catch (IOException e) {
                throw new CliException(ExitCodes.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the subscriptions.")
    static final class ListCommand extends ApplicationCommand {
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
        OutputFormat format;

        @Override
        protected int call(ConfigurableApplicationContext context) {
            List<Subscriptions.View> all = context.getBean(Subscriptions.class).all();
            if (format == OutputFormat.json) {
                out().println(Json.write(all));
                return ExitCodes.OK;
            }
            TextTable table = new TextTable(
                    "EXTERNAL_ID", "AUTH_NO", "AMOUNT", "PERIOD", "ANCHOR", "NEXT_BILLING", "STATUS", "TRADE_NAME");
            for (Subscriptions.View s : all) {
                table.row(
                        s.externalId(),
                        s.authNo(),
                        s.amount(),
                        s.period(),
                        s.anchorDate(),
                        s.nextBillingDate(),
                        s.status(),
                        s.tradeName());
            }
            out().print(table.render());
            out().printf("%d subscriptions%n", all.size());
            return ExitCodes.OK;
        }
    }
}
