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
            "Table times are in the billing zone."
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

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    private ChargeStatus chargeStatus;

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
        if (limit < 1) {
            err().println("error: --limit must be at least 1");
            return ExitCodes.BAD_INPUT;
        }
        return super.call();
    }

    @Override
    protected int call(ConfigurableApplicationContext context) {
        List<ChargeListing.Row> rows = context.getBean(ChargeListing.class).find(chargeStatus, subscription, limit);
        if (format == OutputFormat.json) {
            out().println(Json.write(rows));
            return ExitCodes.OK;
        }
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
        out().printf("%d charges%n", rows.size());
        return ExitCodes.OK;
    }

    /** The status names, for the help and the error message. */
    static final class StatusNames extends java.util.ArrayList<String> {
        StatusNames() {
            super(Arrays.stream(ChargeStatus.values()).map(Enum::name).collect(Collectors.toList()));
        }
    }
}
