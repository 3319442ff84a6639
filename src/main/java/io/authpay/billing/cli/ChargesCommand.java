package io.authpay.billing.cli;

import io.authpay.billing.charge.ChargeStatus;
import io.authpay.billing.report.ChargeListing;
import io.authpay.billing.report.TextTable;
import io.authpay.billing.system.BillingProperties;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "charges",
        mixinStandardHelpOptions = true,
        description = {
            "List charges, newest billing date first: one row per charge and period.",
            "JSON: an array of objects with external_id, auth_no, period_key, billing_date, amount, status,"
                    + " attempts, last_result_code, last_outcome, next_attempt_at (UTC instant or null),"
                    + " review_reason, platform_order_ids (in attempt order).",
            "CSV: a header of the same names, one line per charge (order ids space-separated).",
            "JSON and CSV stream every charge unless --limit is given; a table shows 50 by default and says how many"
                    + " there are. Table times are in the billing zone."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing charges --status NEEDS_REVIEW --limit 20")
final class ChargesCommand extends ApplicationCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Option(
            names = "--status",
            paramLabel = "S",
            description = "only charges in this status: ${COMPLETION-CANDIDATES}",
            completionCandidates = StatusNames.class)
    String status;

    @Option(names = "--subscription", paramLabel = "EXT_ID", description = "only this subscription's (its external id)")
    String subscription;

    /** Rows of a table when no --limit is given. */
    static final int TABLE_LIMIT = 50;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "at most N (default: " + TABLE_LIMIT + " in a table, every charge in json and csv)")
    Integer limit;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    ExportFormat format;

    private ChargeStatus chargeStatus;

    @Override
    protected boolean readOnly() {
        return true;
    }

    @Override
    public Integer call() throws Exception {
        if (status != null) {
            try {
                chargeStatus = ChargeStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err().println("error: unknown status '" + status + "'; the statuses are "
                        + String.join(", ", new StatusNames()));
                return ExitCodes.BAD_INPUT;
            }
        }
        if (limit != null && limit < 1) {
            err().println("error: --limit must be at least 1");
            return ExitCodes.BAD_INPUT;
        }
        return super.call();
    }

    @Override
    protected int call(ConfigurableApplicationContext context) {
        ChargeListing listing = context.getBean(ChargeListing.class);
        if (format != ExportFormat.table) {
            try (Export<ChargeListing.Row> export = Export.to(out(), format, ChargeListing.Row.class)) {
                listing.stream(chargeStatus, subscription, limit, export);
            }
            out().flush();
            return ExitCodes.OK;
        }
        int shown = limit == null ? TABLE_LIMIT : limit;
        List<ChargeListing.Row> rows = listing.find(chargeStatus, subscription, shown);
        ZoneId zone = context.getBean(BillingProperties.class).window().zone();
        TextTable table = new TextTable(
                "EXTERNAL_ID",
                "AUTH_NO",
                "PERIOD",
                "BILLING_DATE",
                "AMOUNT",
                "STATUS",
                "ATTEMPTS",
                "LAST_CODE",
                "LAST_OUTCOME",
                "NEXT_ATTEMPT",
                "REVIEW_REASON");
        for (ChargeListing.Row r : rows) {
            table.row(
                    r.externalId(),
                    r.authNo(),
                    r.periodKey(),
                    r.billingDate(),
                    r.amount(),
                    r.status(),
                    r.attempts(),
                    r.lastResultCode(),
                    r.lastOutcome(),
                    r.nextAttemptAt() == null
                            ? ""
                            : TIME.format(r.nextAttemptAt().atZone(zone)),
                    r.reviewReason());
        }
        out().print(table.render());
        out().println(Export.tableFooter(
                rows.size(), shown, () -> listing.count(chargeStatus, subscription), "charges"));
        return ExitCodes.OK;
    }

    /** The status names, for the help and the error message. */
    static final class StatusNames extends java.util.ArrayList<String> {
        StatusNames() {
            super(Arrays.stream(ChargeStatus.values()).map(Enum::name).collect(Collectors.toList()));
        }
    }
}
