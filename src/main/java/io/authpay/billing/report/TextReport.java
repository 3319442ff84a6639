package io.authpay.billing.report;

import java.util.List;
import java.util.Locale;

/**
 * The report as aligned text for a terminal: a heading per section, column names in capitals, times in
 * the report's zone, "-" where there is no value, "(none)" for an empty list.
 */
final class TextReport {

    private TextReport() {}

    static String render(BillingReport report, List<ReportSection> sections) {
        StringBuilder out = new StringBuilder();
        out.append("Billing report ")
                .append(report.range().from())
                .append(" to ")
                .append(report.range().to())
                .append(" (")
                .append(report.zone())
                .append("), generated ")
                .append(Cells.forPeople(report.generatedAt(), report.zone()))
                .append('\n');
        for (ReportSection section : sections) {
            ReportGrid grid = ReportGrids.of(report, section);
            out.append('\n').append(section.title()).append('\n');
            out.append("-".repeat(TextTable.width(section.title()))).append('\n');
            out.append(grid.single() ? pairs(grid, report) : table(grid, report));
            if (section == ReportSection.SUMMARY) {
                out.append(COUNTED).append('\n');
            }
        }
        return out.toString();
    }

    /** The summary mixes two ways of counting; say which figure counts what. */
    static final String COUNTED = "charges_* and amounts: charges whose billing date is in the range;"
            + " attempts_*: attempts made in the range, whatever their charge's billing date.";

    private static String pairs(ReportGrid grid, BillingReport report) {
        TextTable table = new TextTable(List.of("METRIC", "VALUE"), new boolean[] {false, true});
        List<Object> row = grid.rows().get(0);
        for (int i = 0; i < grid.columns().size(); i++) {
            table.row(List.of(grid.columns().get(i), Cells.forPeople(row.get(i), report.zone())));
        }
        return table.render();
    }

    private static String table(ReportGrid grid, BillingReport report) {
        if (grid.rows().isEmpty()) {
            return "(none)\n";
        }
        int n = grid.columns().size();
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            int column = i;
            right[i] = grid.rows().stream().map(r -> r.get(column)).allMatch(c -> c == null || Cells.isNumber(c));
        }
        TextTable table = new TextTable(
                grid.columns().stream().map(c -> c.toUpperCase(Locale.ROOT)).toList(), right);
        for (List<Object> row : grid.rows()) {
            table.row(row.stream().map(c -> Cells.forPeople(c, report.zone())).toList());
        }
        return table.render();
    }
}
