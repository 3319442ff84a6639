package io.authpay.billing.report;

import io.authpay.billing.system.BillingProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Billing reports for the command line, the demo and the operator API: read a range of days, render it
 * in a format. Days are calendar days in the billing zone ({@code billing.window.zone}, Asia/Taipei).
 */
@Service
public class BillingReports {

    private final ReportQuery query;
    private final Clock clock;
    private final ZoneId zone;

    BillingReports(ReportQuery query, Clock clock, BillingProperties properties) {
        this.query = query;
        this.clock = clock;
        this.zone = properties.window().zone();
    }

    /** Today in the billing zone, by the program's clock. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * The report of the days {@code from} to {@code to}, both included.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from} or the range is longer than
     *     {@link ReportRange#MAX_DAYS}
     */
    public BillingReport forRange(LocalDate from, LocalDate to) {
        return forRange(new ReportRange(from, to));
    }

    /** The report of a range of days. */
    public BillingReport forRange(ReportRange range) {
        return query.read(range, zone, clock.instant());
    }

    /**
     * Writes a report in a format: every section, or only {@code section} when it is not null. CSV with every
     * section puts a {@code # key} comment line before each; CSV of one section is a plain CSV file.
     */
    public String render(BillingReport report, ReportFormat format, ReportSection section) {
        List<ReportSection> sections = section == null ? List.of(ReportSection.values()) : List.of(section);
        return switch (format) {
            case table -> TextReport.render(report, sections);
            case csv -> CsvReport.render(report, sections, section == null);
            case json -> JsonReport.render(report, sections);
            case html -> HtmlReport.render(report, sections);
        };
    }
}
