package io.authpay.billing.report;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table for terminals, like the command line's listings: CJK characters take two columns,
 * numeric columns are right-aligned so amounts line up.
 */
public final class TextTable {
    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers, boolean[] right) {
        this.headers = List.copyOf(headers);
        this.right = right.clone();
    }

    /** A table whose columns are all left-aligned. */
    public TextTable(String... headers) {
        this(List.of(headers), new boolean[headers.length]);
    }

    TextTable row(List<String> cells) {
        rows.add(cells.stream().map(c -> c == null ? "" : oneLine(c)).toList());
        return this;
    }

    /** Adds a row; null cells print empty, other values as {@code toString()}. */
    public TextTable row(Object... cells) {
        return row(java.util.Arrays.stream(cells)
                .map(c -> c == null ? null : c.toString())
                .toList());
    }

    /** The table, one line per row under the header line. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - width(cell));
            if (right[i]) {
                line.append(pad).append(cell);
            } else {
                line.append(cell).append(pad);
            }
            if (i < cells.size() - 1) {
                line.append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** A reason with a line break would break the table: show breaks and tabs as visible escapes. */
    static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    /** Display width: East Asian wide and full-width characters take two columns. */
    static int width(String text) {
        return text.codePoints().map(cp -> isWide(cp) ? 2 : 1).sum();
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
