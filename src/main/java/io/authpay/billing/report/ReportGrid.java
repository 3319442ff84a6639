package io.authpay.billing.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One section as a table: snake_case column names (the JSON keys and CSV headers) and rows of typed cells
 * (String, Long, Integer, BigDecimal, LocalDate, Instant or null). Every renderer reads these, so a column
 * is named and ordered in one place.
 *
 * @param single true for a section that is one record (summary, latency): JSON writes an object, text and
 *     HTML write name/value pairs
 */
record ReportGrid(ReportSection section, List<String> columns, List<List<Object>> rows, boolean single) {

    ReportGrid {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        section + ": " + row.size() + " cells for " + columns.size() + " columns");
            }
            // cells may be null, which List.copyOf refuses
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    static Builder of(ReportSection section, String... columns) {
        return new Builder(section, List.of(columns));
    }

    static Builder of(ReportSection section, List<String> columns) {
        return new Builder(section, columns);
    }

    static final class Builder {
        private final ReportSection section;
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        private Builder(ReportSection section, List<String> columns) {
            this.section = section;
            this.columns = columns;
        }

        Builder row(Object... cells) {
            rows.add(Arrays.asList(cells));
            return this;
        }

        Builder row(List<Object> cells) {
            rows.add(cells);
            return this;
        }

        ReportGrid table() {
            return new ReportGrid(section, columns, rows, false);
        }

        ReportGrid single() {
            if (rows.size() != 1) {
                throw new IllegalStateException(section + " is one record, not " + rows.size());
            }
            return new ReportGrid(section, columns, rows, true);
        }
    }
}
