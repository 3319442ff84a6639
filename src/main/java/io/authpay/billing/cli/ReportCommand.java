package io.authpay.billing.cli;

import io.authpay.billing.charge.AttemptTotals;
import io.authpay.billing.report.BillingReport;
import io.authpay.billing.report.BillingReports;
import io.authpay.billing.report.ReportFormat;
import io.authpay.billing.report.ReportRange;
import io.authpay.billing.report.ReportSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Report what billing did over a day or a range of days (calendar days in Asia/Taipei).",
            "Sections: " + "summary, charges, outcomes, result_codes, by_day, retries, review, subscriptions,"
                    + " subscription_changes, refunds, latency.",
            "html without --output is written to var/reports/report-<from>_<to>.html; csv of every section with"
                    + " --output writes one <section>.csv per section into that folder.",
            "csv is one table: give --section, or --output DIR for one file per section."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing report --from 2026-12-01 --to 2026-12-31 --format html")
final class ReportCommand extends ApplicationCommand {

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "one day (default: today in Asia/Taipei)")
    String date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "the first day of a range (with --to)")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "the last day of a range, included")
    String to;

    @Option(
            names = "--format",
            defaultValue = "table",
            paramLabel = "FORMAT",
            description = "table, csv, json or html (default: ${DEFAULT-VALUE})")
    ReportFormat format;

    @Option(names = "--section", paramLabel = "SECTION", description = "only this section")
    String sectionName;

    @Option(
            names = "--output",
            paramLabel = "FILE_OR_DIR",
            description = "write to this file (or into this folder) instead of printing")
    Path output;

    @Option(
            names = "--recount",
            description = "count the attempts' totals again before reading (after attempts were changed by hand,"
                    + " or by pods without migration V12 during an upgrade); not while billing runs")
    boolean recount;

    private ReportRange range;
    private ReportSection section;

    @Override
    protected boolean readOnly() {
        return !recount;
    }

    @Override
    public Integer call() throws Exception {
        // Check the options before starting the database: a typo costs nothing and changes nothing.
        range = range();
        section = sectionName == null ? null : section(sectionName);
        if (format == ReportFormat.csv && section == null && output == null) {
            // Several tables in one stream is no CSV any reader takes.
            throw new CliException(
                    ExitCodes.BAD_INPUT,
                    "CSV holds one table: give --section (one of "
                            + java.util.Arrays.stream(ReportSection.values())
                                    .map(ReportSection::key)
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + "), or --output DIR for one file per section");
        }
        if (format == ReportFormat.csv && section == null && output != null && Files.isRegularFile(output)) {
            throw new CliException(
                    ExitCodes.BAD_INPUT,
                    "--output " + output + " is a file; CSV of every section needs a folder (or give --section)");
        }
        return super.call();
    }

    @Override
    protected int call(ConfigurableApplicationContext context) throws IOException {
        BillingReports reports = context.getBean(BillingReports.class);
        if (recount) {
            // one transaction: a writer never sees the totals half counted
            new org.springframework.transaction.support.TransactionTemplate(
                            context.getBean(org.springframework.transaction.PlatformTransactionManager.class))
                    .executeWithoutResult(
                            status -> context.getBean(AttemptTotals.class).recount());
        }
        BillingReport report = reports.forRange(range == null ? ReportRange.day(reports.today()) : range);
        String name = "report-" + report.range().from() + "_" + report.range().to();

        if (format == ReportFormat.csv && section == null && output != null) {
            Files.createDirectories(output);
            for (ReportSection each : ReportSection.values()) {
                write(output.resolve(each.key() + ".csv"), reports.render(report, format, each));
            }
            out().printf("wrote %d CSV files to %s%n", ReportSection.values().length, output.toAbsolutePath());
            return ExitCodes.OK;
        }
        String text = reports.render(report, format, section);
        Path file = output;
        if (file == null && format == ReportFormat.html) {
            file = Path.of("var", "reports", name + ".html");
        }
        if (file == null) {
            out().print(text);
            return ExitCodes.OK;
        }
        if (Files.isDirectory(file)) {
            file = file.resolve((section == null ? name : section.key()) + "." + extension(format));
        }
        write(file, text);
        out().println(file.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }

    private ReportRange range() {
        if (date != null && (from != null || to != null)) {
            throw new CliException(ExitCodes.BAD_INPUT, "give either --date or --from and --to, not both");
        }
        if ((from == null) != (to == null)) {
            throw new CliException(ExitCodes.BAD_INPUT, "--from and --to go together");
        }
        try {
            if (date != null) {
                return ReportRange.day(parse("--date", date));
            }
            return from == null ? null : new ReportRange(parse("--from", from), parse("--to", to));
        } catch (IllegalArgumentException e) { // the range's own rules: order and length
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
        }
    }

    private static LocalDate parse(String option, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCodes.BAD_INPUT, option + " '" + value + "' is not a date; expected YYYY-MM-DD");
        }
    }

    private static ReportSection section(String name) {
        try {
            return ReportSection.fromKey(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
        }
    }

    private static String extension(ReportFormat format) {
        return switch (format) {
            case table -> "txt";
            case csv -> "csv";
            case json -> "json";
            case html -> "html";
        };
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
