package io.authpay.billing.console;

import io.authpay.billing.report.BillingReports;
import io.authpay.billing.report.ReportFormat;
import io.authpay.billing.report.ReportRange;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Reports: a day or a range, the billing report inline (the report's own HTML with its chart), and CSV and
 * JSON downloads, rendered by the same {@link BillingReports} as the command line and the API.
 */
@Controller
@Profile("serve")
class ReportsPage {

    private final BillingReports reports;
    private final Notices notices;

    ReportsPage(BillingReports reports, Notices notices) {
        this.reports = reports;
        this.notices = notices;
    }

    @GetMapping("/reports")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        ReportRange range;
        try {
            range = range(from, to);
        } catch (IllegalArgumentException e) {
            model.addAttribute("refusal", notices.text("reports.badRange", e.getMessage()));
            range = ReportRange.day(reports.today());
        }
        model.addAttribute("range", range);
        return "reports";
    }

    /** The report itself, for the page's frame ({@code html}) or to download ({@code csv}, {@code json}). */
    @GetMapping("/reports/file")
    ResponseEntity<String> file(
            @RequestParam String from, @RequestParam String to, @RequestParam(defaultValue = "html") String format) {
        ReportRange range = range(from, to);
        ReportFormat chosen = switch (format) {
            case "csv" -> ReportFormat.csv;
            case "json" -> ReportFormat.json;
            default -> ReportFormat.html;
        };
        String body = reports.render(reports.forRange(range), chosen, null);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (chosen == ReportFormat.html) {
            answer.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        } else {
            answer.contentType(
                            chosen == ReportFormat.csv
                                    ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                                    : MediaType.APPLICATION_JSON)
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename("billing-report-" + range.from() + "-" + range.to() + "." + chosen.name())
                                    .build()
                                    .toString());
        }
        return answer.body(body);
    }

    private ReportRange range(String from, String to) {
        try {
            LocalDate first = from == null || from.isBlank() ? reports.today() : LocalDate.parse(from.strip());
            LocalDate last = to == null || to.isBlank() ? first : LocalDate.parse(to.strip());
            return new ReportRange(first, last);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dates are yyyy-MM-dd: " + e.getParsedString());
        }
    }
}
