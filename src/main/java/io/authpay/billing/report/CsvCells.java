package io.authpay.billing.report;

/**
 * A CSV cell that a spreadsheet will not run: text beginning with {@code =}, {@code +}, {@code -}, {@code @},
 * a tab or a carriage return is a formula to Excel and LibreOffice ({@code =HYPERLINK(...)} as an external_id
 * would be one), so it gets a leading {@code '}, as OWASP recommends. Numbers are written as they are: a
 * negative amount stays a number. Every CSV the program writes goes through here.
 */
public final class CsvCells {

    private CsvCells() {}

    /** The cell as written for machines, neutralised when it is text a spreadsheet would run. */
    public static String of(Object cell) {
        String text = Cells.forMachines(cell);
        return cell instanceof Number ? text : neutralised(text);
    }

    /** The text with a leading {@code '} when it begins with a formula character. */
    public static String neutralised(String text) {
        if (text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
