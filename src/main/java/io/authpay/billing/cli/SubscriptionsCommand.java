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
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "subscriptions",
        mixinStandardHelpOptions = true,
        description = "Import, list, create, show, pause, resume, cancel and reactivate subscriptions.",
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing subscriptions list --format json",
        subcommands = {
            SubscriptionsCommand.Import.class,
            SubscriptionsCommand.ListCommand.class,
            SubscriptionVerbs.Create.class,
            SubscriptionVerbs.Show.class,
            SubscriptionVerbs.Pause.class,
            SubscriptionVerbs.Resume.class,
            SubscriptionVerbs.Cancel.class,
            SubscriptionsCommand.Reactivate.class
        })
final class SubscriptionsCommand extends CommandGroup {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import subscriptions from a CSV file: every row is checked first; all rows are imported or none.",
                "Header (columns by name, in any order): external_id,auth_no,amount,currency,period,anchor_date,"
                        + "trade_name[,next_billing_date]",
                "A row that changes an existing subscription is listed with what changes; a new anchor_date or"
                        + " period moves next_billing_date onto the new schedule, and is refused while the"
                        + " subscription has an open charge.",
                "Exit code 2 with every bad or refused row named by line and field; nothing is imported then."
            },
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions import my-subscriptions.csv")
    static final class Import extends ApplicationCommand {
        @Parameters(paramLabel = "FILE", description = "the CSV file (UTF-8)")
        Path file;

        @Option(names = "--dry-run", description = "check the file and show what would change; write nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            // Check the file before starting the database: bad input changes nothing and costs nothing.
            SubscriptionCsvResult checked = check(file);
            if (!checked.isValid()) {
                err().println(file + ": " + checked.format());
                return ExitCodes.BAD_INPUT;
            }
            return super.call();
        }

        @Override
        protected int call(ConfigurableApplicationContext context) {
            SubscriptionImporter.Result result = context.getBean(SubscriptionImporter.class)
                    .importRows(
                            SubscriptionImporter.Rows.of(file),
                            AuditLog.commandLineActor(),
                            file.getFileName().toString(),
                            dryRun,
                            change -> out().println(change));
            if (!result.refused().isEmpty()) {
                err().println(file + ": " + result.refused().size()
                        + (result.refused().size() == 1 ? " row is" : " rows are")
                        + " refused; nothing was imported:");
                result.refused().forEach(refusal -> err().println("  " + refusal));
                return ExitCodes.BAD_INPUT;
            }
            out().printf(
                            "%s %,d subscriptions from %s: %,d new, %,d updated (%,d rescheduled), %,d unchanged%s%n",
                            dryRun ? "would import" : "imported",
                            result.created() + result.updated() + result.unchanged(),
                            file,
                            result.created(),
                            result.updated(),
                            result.rescheduled(),
                            result.unchanged(),
                            dryRun ? "; nothing was written (--dry-run)" : "");
            return ExitCodes.OK;
        }

        private static SubscriptionCsvResult check(Path file) {
            if (Files.isDirectory(file)) {
                throw new CliException(ExitCodes.BAD_INPUT, file + " is a folder, not a CSV file");
            }
            try {
                return SubscriptionCsv.read(file, row -> {});
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCodes.BAD_INPUT, "no such file: " + file);
            } catch (IOException e) {
                throw new CliException(ExitCodes.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List the subscriptions, by external id.",
                "JSON and CSV stream every subscription unless --limit is given; a table shows "
                        + ListCommand.TABLE_LIMIT + " by default and says how many there are."
            },
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions list --format json")
    static final class ListCommand extends ApplicationCommand {
        static final int TABLE_LIMIT = 50;

        @Option(
                names = "--limit",
                paramLabel = "N",
                description = "at most N (default: " + TABLE_LIMIT + " in a table, every one in json and csv)")
        Integer limit;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "table, json or csv (default: ${DEFAULT-VALUE})")
        ExportFormat format;

        @Override
        protected boolean readOnly() {
            return true;
        }

        @Override
        public Integer call() throws Exception {
            if (limit != null && limit < 1) {
                err().println("error: --limit must be at least 1");
                return ExitCodes.BAD_INPUT;
            }
            return super.call();
        }

        @Override
        protected int call(ConfigurableApplicationContext context) {
            Subscriptions subscriptions = context.getBean(Subscriptions.class);
            if (format != ExportFormat.table) {
                try (Export<Subscriptions.View> export = Export.to(out(), format, Subscriptions.View.class)) {
                    subscriptions.stream(limit, export);
                }
                out().flush();
                return ExitCodes.OK;
            }
            int shown = limit == null ? TABLE_LIMIT : limit;
            List<Subscriptions.View> rows = new ArrayList<>();
            subscriptions.stream(shown, rows::add);
            TextTable table = new TextTable(
                    "EXTERNAL_ID", "AUTH_NO", "AMOUNT", "PERIOD", "ANCHOR", "NEXT_BILLING", "STATUS", "TRADE_NAME");
            for (Subscriptions.View s : rows) {
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
            out().println(Export.tableFooter(rows.size(), shown, subscriptions::count, "subscriptions"));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "reactivate",
            mixinStandardHelpOptions = true,
            description = {
                "Undo wrong revocations: AUTH_REVOKED subscriptions become ACTIVE again and the charges the"
                        + " revocation cancelled are DUE again (audited).",
                "For a run that met a gateway which did not know the bindings (wrong base-url or store-id)."
            },
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions reactivate --all-revoked-since 2026-12-01T08:00"
                    + " --reason \"wrong store-id\"")
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
