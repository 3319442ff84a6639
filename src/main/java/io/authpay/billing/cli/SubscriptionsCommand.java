package io.authpay.billing.cli;

import io.authpay.billing.charge.Reactivations;
import io.authpay.billing.report.TextTable;
import io.authpay.billing.subscription.SubscriptionCsv;
import io.authpay.billing.subscription.SubscriptionCsvResult;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.subscription.Subscriptions;
import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.BillingProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "subscriptions",
        mixinStandardHelpOptions = true,
        description = "Import and list subscriptions.",
        subcommands = {
            SubscriptionsCommand.Import.class,
            SubscriptionsCommand.ListCommand.class,
            SubscriptionsCommand.Reactivate.class
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

    @Command(
            name = "reactivate",
            mixinStandardHelpOptions = true,
            description = {
                "Undo wrong revocations: AUTH_REVOKED subscriptions become ACTIVE again and the charges the"
                        + " revocation cancelled are DUE again (audited).",
                "For a run that met a gateway which did not know the bindings (wrong base-url or store-id).",
                "Example: subscriptions reactivate --all-revoked-since 2026-12-01T08:00 --reason \"wrong store-id\"",
                "Exit codes: 0 done, 2 bad input (nothing changed)."
            })
    static final class Reactivate extends ApplicationCommand {
        @Parameters(paramLabel = "EXTERNAL_ID", arity = "0..*", description = "the subscriptions to reactivate")
        List<String> externalIds = List.of();

        @Option(
                names = "--all-revoked-since",
                paramLabel = "T",
                description = "every subscription revoked at or after T (yyyy-MM-ddTHH:mm in the billing zone,"
                        + " or an instant with Z)")
        String since;

        @Option(names = "--reason", paramLabel = "R", required = true, description = "why, for the audit log")
        String reason;

        @Override
        public Integer call() throws Exception {
            if (externalIds.isEmpty() == (since == null)) {
                err().println("error: name the subscriptions or give --all-revoked-since, not both or neither");
                return ExitCodes.BAD_INPUT;
            }
            if (reason.isBlank()) {
                err().println("error: --reason must not be blank");
                return ExitCodes.BAD_INPUT;
            }
            return super.call();
        }

        @Override
        protected int call(ConfigurableApplicationContext context) {
            Reactivations reactivations = context.getBean(Reactivations.class);
            List<Reactivations.Reactivated> done;
            try {
                done = since == null
                        ? reactivations.reactivate(externalIds, reason, AuditLog.commandLineActor())
                        : reactivations.reactivateRevokedSince(
                                instant(
                                        since,
                                        context.getBean(BillingProperties.class)
                                                .window()
                                                .zone()),
                                reason,
                                AuditLog.commandLineActor());
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
            }
            for (Reactivations.Reactivated r : done) {
                out().printf("%s: ACTIVE again, %d charges due again%n", r.externalId(), r.chargesDue());
            }
            out().printf("%d subscriptions reactivated%n", done.size());
            return ExitCodes.OK;
        }

        private static Instant instant(String text, ZoneId zone) {
            try {
                return text.endsWith("Z")
                        ? Instant.parse(text)
                        : LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new CliException(
                        ExitCodes.BAD_INPUT,
                        "--all-revoked-since: '" + text
                                + "' is not a time like 2026-12-01T08:00 or 2026-12-01T00:00:00Z");
            }
        }
    }
}
