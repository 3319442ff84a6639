package io.authpay.billing.cli;

import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.ExecutionListing;
import io.authpay.billing.report.TextTable;
import io.authpay.billing.system.BillingProperties;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "executions",
        mixinStandardHelpOptions = true,
        description = {
            "List job executions, newest first.",
            "Table times are in the billing zone, named in the header; JSON times are UTC instants.",
            "STARTED and ENDED are Spring Batch's stamps, taken from the machine's clock: under a simulated clock"
                    + " (billing.clock.start) they show when the run really happened, not the simulated time."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing executions --job daily-billing --limit 5")
final class ExecutionsCommand extends ApplicationCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--job", paramLabel = "JOB", description = "only this job: nightly-billing or daily-billing")
    String job;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        if (job != null && !BillingJobs.isKnown(job)) {
            err().println("error: unknown job '" + job + "'; the jobs are " + String.join(", ", BillingJobs.NAMES));
            return ExitCodes.BAD_INPUT;
        }
        if (limit < 1) {
            err().println("error: --limit must be at least 1");
            return ExitCodes.BAD_INPUT;
        }
        return super.call();
    }

    @Override
    protected int call(ConfigurableApplicationContext context) {
        List<ExecutionListing.Row> rows =
                context.getBean(ExecutionListing.class).recent(job, limit);
        if (format == OutputFormat.json) {
            out().println(Json.write(rows));
            return ExitCodes.OK;
        }
        ZoneId zone = context.getBean(BillingProperties.class).window().zone();
        TextTable table = new TextTable(
                "ID",
                "JOB",
                "DATE",
                "SLOT",
                "STATUS",
                "EXIT_CODE",
                "STARTED (" + zone.getId() + ")",
                "ENDED (" + zone.getId() + ")",
                "DURATION",
                "EXIT_DESCRIPTION");
        for (ExecutionListing.Row r : rows) {
            table.row(
                    r.executionId(),
                    r.job(),
                    r.date(),
                    r.slot(),
                    r.status(),
                    r.exitCode(),
                    time(r.startedAt(), zone),
                    time(r.endedAt(), zone),
                    duration(r.durationSeconds()),
                    firstLine(r.exitDescription()));
        }
        out().print(table.render());
        out().printf("%d executions%n", rows.size());
        return ExitCodes.OK;
    }

    private static String time(Instant instant, ZoneId zone) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    private static String duration(Long seconds) {
        return seconds == null ? "" : String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
