package io.authpay.billing.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report as RFC 4180 CSV (comma, double quotes, CRLF), one table per section with its column names as
 * the header. Several sections are printed one after another, each after a {@code # key} comment line;
 * {@link #FORMAT} reads them back. Instants are ISO-8601 UTC, nothing is an empty field, and text a
 * spreadsheet would run as a formula is neutralised ({@link CsvCells}).
 */
final class CsvReport {

    /** The format written, and the one to read it back with (it skips the {@code #} lines). */
    static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setCommentMarker('#').get();

    private CsvReport() {}

    static String render(BillingReport report, List<ReportSection> sections, boolean comments) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            for (ReportSection section : sections) {
                if (comments) {
                    printer.printComment(section.key());
                }
                ReportGrid grid = ReportGrids.of(report, section);
                printer.printRecord(grid.columns().stream().map(CsvCells::of));
                for (List<Object> row : grid.rows()) {
                    printer.printRecord(row.stream().map(CsvCells::of));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }
}
