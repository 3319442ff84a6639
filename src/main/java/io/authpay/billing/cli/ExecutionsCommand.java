package io.authpay.billing.cli;

import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.ExecutionListing;
import io.authpay.billing.batch.PartitionFigures;
import io.authpay.billing.report.TextTable;
import io.authpay.billing.system.BillingProperties;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "executions",
        mixinStandardHelpOptions = true,
        description = {
            "List job executions, newest first.",
            "Table times are in the billing zone, with its name; JSON and CSV times are UTC instants.",
            "JSON and CSV list every execution unless --limit is given; a table shows " + ExecutionsCommand.TABLE_LIMIT
                    + " by default and says how many there are."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing executions --job daily-billing --limit 5")
final class ExecutionsCommand extends ApplicationCommand {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--job", paramLabel = "JOB", description = "only this job: nightly-billing or daily-billing")
    String job;

    static final int TABLE_LIMIT = 20;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "at most N (default: " + TABLE_LIMIT + " in a table, every one in json and csv)")
    Integer limit;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    ExportFormat format;

    @Override
    protected boolean readOnly() {
        return true;
    }

    @Override
    public Integer call() throws Exception {
        if (job != null && !BillingJobs.isKnown(job)) {
            err().println("error: unknown job '" + job + "'; the jobs are " + String.join(", ", BillingJobs.NAMES));
            return ExitCodes.BAD_INPUT;
        }
        if (limit != null && limit < 1) {
            err().println("error: --limit must be at least 1");
            return ExitCodes.BAD_INPUT;
        }
        return super.call();
    }

    @Override
    protected int call(ConfigurableApplicationContext context) {
        ExecutionListing listing = context.getBean(ExecutionListing.class);
        if (format != ExportFormat.table) {
            try (Export<ExecutionListing.Row> export = Export.to(out(), format, ExecutionListing.Row.class)) {
                listing.recent(job, limit == null ? Integer.MAX_VALUE : limit).forEach(export);
            }
            out().flush();
            return ExitCodes.OK;
        }
        int shown = limit == null ? TABLE_LIMIT : limit;
        List<ExecutionListing.Row> rows = listing.recent(job, shown);
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
                "PARTITIONS",
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
                    partitions(r.partitions()),
                    firstLine(r.exitDescription()));
        }
        out().print(table.render());
        out().println(Export.tableFooter(rows.size(), shown, () -> listing.count(job), "executions"));
        return ExitCodes.OK;
    }

    private static String time(Instant instant, ZoneId zone) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    private static String duration(Long seconds) {
        return seconds == null ? "" : String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /**
     * "3/4 on host/123": partitions completed of the run's partitions, and where (the JSON has each execution).
     * A partition run again after its node died counts once, by its last execution (they are listed in order).
     */
    private static String partitions(List<PartitionFigures> partitions) {
        if (partitions.isEmpty()) {
            return "";
        }
        Map<String, String> lastStatus = new LinkedHashMap<>();
        partitions.forEach(p -> lastStatus.put(p.partition(), p.status()));
        long completed =
                lastStatus.values().stream().filter("COMPLETED"::equals).count();
        List<String> nodes = partitions.stream()
                .map(PartitionFigures::node)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        String where = nodes.size() == 1 ? nodes.get(0) : nodes.size() + " nodes";
        return completed + "/" + lastStatus.size() + (nodes.isEmpty() ? "" : " on " + where);
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
