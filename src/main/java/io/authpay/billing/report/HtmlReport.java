package io.authpay.billing.report;

import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: inline CSS, headline figures, a stacked bar chart of the
 * attempts per day as inline SVG, then a table per section. No scripts, no external assets, so it can be
 * mailed or archived as one file. It is also well-formed XML (every element closed, only XML's entities),
 * which keeps it parseable by simple tools. Every value from the database is escaped.
 */
final class HtmlReport {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans TC","PingFang TC",sans-serif;\
            margin:2em;color:#1d2430;background:#fff}
            @media (max-width:800px){body{margin:.8em}}
            h1{font-size:1.5em;margin:0 0 .2em}
            h2{font-size:1.15em;margin:1.5em 0 .4em}
            .meta,.none{color:#5b6472}
            .cards{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
            .card{border:1px solid #d8dde5;border-radius:6px;padding:.6em 1em;min-width:8em}
            .card .v{font-size:1.5em;font-weight:600}
            .card .k{color:#5b6472;font-size:.85em}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;font-size:.9em}
            th,td{border-bottom:1px solid #e3e7ee;padding:.3em .7em;text-align:left;vertical-align:top}
            th{background:#f4f6f9;font-weight:600}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            td.t{white-space:pre-wrap;max-width:22em;overflow-wrap:anywhere}
            svg.chart{width:100%;height:auto}
            .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.2em;font-size:.85em}
            .legend span{display:inline-block;width:.9em;height:.9em;margin-right:.35em;vertical-align:-.1em}
            svg text{font-size:11px;fill:#5b6472}
            """;

    private HtmlReport() {}

    static String render(BillingReport report, List<ReportSection> sections) {
        String range = report.range().from() + " to " + report.range().to();
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>Billing report ")
                .append(escape(range))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n<h1>Billing report</h1>\n<p class=\"meta\">")
                .append(escape(range + " (" + report.zone().getId() + "), generated "
                        + Cells.forPeople(report.generatedAt(), report.zone())))
                .append("</p>\n");
        cards(out, report);
        out.append("<section id=\"chart\">\n<h2>Attempts per day by outcome</h2>\n")
                .append(OutcomeChart.svg(report.byDay()))
                .append(OutcomeChart.legend(report.byDay()))
                .append("</section>\n");
        for (ReportSection section : sections) {
            section(out, ReportGrids.of(report, section), report);
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void cards(StringBuilder out, BillingReport report) {
        BillingReport.Summary s = report.summary();
        out.append("<div class=\"cards\">\n");
        card(out, "charges due (billing date in range)", grouped(s.chargesDue()));
        card(out, "charges paid (billing date in range)", grouped(s.chargesPaid()));
        card(out, "success rate", s.successRatePercent() == null ? "-" : s.successRatePercent() + "%");
        card(out, "paid (final price, TWD)", grouped(s.paidFinalAmount()));
        card(out, "attempts made in range", grouped(s.attempts()));
        card(out, "needs review or failed", Integer.toString(report.review().size()));
        out.append("</div>\n");
    }

    private static void card(StringBuilder out, String label, String value) {
        out.append("<div class=\"card\"><div class=\"v\">")
                .append(escape(value))
                .append("</div><div class=\"k\">")
                .append(escape(label))
                .append("</div></div>\n");
    }

    private static void section(StringBuilder out, ReportGrid grid, BillingReport report) {
        out.append("<section id=\"")
                .append(grid.section().key())
                .append("\">\n<h2>")
                .append(escape(grid.section().title()))
                .append("</h2>\n");
        if (grid.section() == ReportSection.SUMMARY) {
            out.append("<p class=\"meta\">").append(escape(TextReport.COUNTED)).append("</p>\n");
        }
        if (grid.single()) {
            out.append("<div class=\"scroll\"><table>\n<tbody>\n");
            List<Object> row = grid.rows().get(0);
            for (int i = 0; i < grid.columns().size(); i++) {
                out.append("<tr><th>").append(escape(grid.columns().get(i))).append("</th>");
                cell(out, row.get(i), report);
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table></div>\n");
        } else if (grid.rows().isEmpty()) {
            out.append("<p class=\"none\">None.</p>\n");
        } else {
            out.append("<div class=\"scroll\"><table>\n<thead>\n<tr>");
            for (String column : grid.columns()) {
                out.append("<th>").append(escape(column)).append("</th>");
            }
            out.append("</tr>\n</thead>\n<tbody>\n");
            for (List<Object> row : grid.rows()) {
                out.append("<tr>");
                row.forEach(cell -> cell(out, cell, report));
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table></div>\n");
        }
        out.append("</section>\n");
    }

    private static void cell(StringBuilder out, Object cell, BillingReport report) {
        String css = Cells.isNumber(cell) ? "n" : cell instanceof String ? "t" : null;
        out.append(css == null ? "<td>" : "<td class=\"" + css + "\">")
                .append(escape(
                        cell instanceof Long || cell instanceof Integer
                                ? grouped(((Number) cell).longValue())
                                : Cells.forPeople(cell, report.zone())))
                .append("</td>");
    }

    /** Amounts and counts for people: 125,245, not 125245. */
    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Escapes text for an element or a quoted attribute, with only the entities XML knows too. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters other than tab and line breaks are not allowed in XML, even escaped
                    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' || cp == 0xFFFE || cp == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
