package io.authpay.billing.web;

import io.authpay.billing.report.BillingReports;
import io.authpay.billing.report.ReportFormat;
import io.authpay.billing.report.ReportRange;
import io.authpay.billing.report.ReportSection;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The billing report over HTTP, the same as the {@code report} command: {@code GET
 * /api/reports?from=D&to=D&format=json|csv|html|table&section=S} (one day by {@code date=D}; today in
 * Asia/Taipei when no date is given).
 */
@RestController
@RequestMapping("/api/reports")
@Profile(ServeApplication.PROFILE)
class ReportsController {

    private final BillingReports reports;

    ReportsController(BillingReports reports) {
        this.reports = reports;
    }

    @GetMapping
    ResponseEntity<String> report(
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "json") String format,
            @RequestParam(required = false) String section) {
        ReportRange range = range(date, from, to);
        ReportFormat chosen = format(format);
        ReportSection only;
        try {
            only = section == null ? null : ReportSection.fromKey(section);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        String body = reports.render(reports.forRange(range), chosen, only);
        MediaType type = switch (chosen) {
            case json -> MediaType.APPLICATION_JSON;
            case html -> MediaType.TEXT_HTML;
            case csv -> MediaType.parseMediaType("text/csv");
            case table -> MediaType.TEXT_PLAIN;
        };
        return ResponseEntity.ok()
                .contentType(new MediaType(type, java.nio.charset.StandardCharsets.UTF_8))
                .body(body);
    }

    private ReportRange range(String date, String from, String to) {
        try {
            if (date != null) {
                if (from != null || to != null) {
                    throw new BadRequestException("give either date or from and to, not both");
                }
                return ReportRange.day(BusinessDates.check(LocalDate.parse(date), "date"));
            }
            if (from == null && to == null) {
                return ReportRange.day(reports.today());
            }
            if (from == null || to == null) {
                throw new BadRequestException("from and to go together");
            }
            return new ReportRange(
                    BusinessDates.check(LocalDate.parse(from), "from"), BusinessDates.check(LocalDate.parse(to), "to"));
        } catch (DateTimeParseException e) {
            throw new BadRequestException("dates are yyyy-MM-dd: " + Untrusted.forLog(e.getParsedString()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static ReportFormat format(String format) {
        try {
            return ReportFormat.valueOf(format.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("format is json, csv, html or table, not " + format);
        }
    }
}
