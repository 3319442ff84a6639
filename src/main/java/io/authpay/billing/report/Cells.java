package io.authpay.billing.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How a cell is written: for people (local time, "-" for nothing) or for programs (ISO-8601 UTC, empty). */
final class Cells {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Cells() {}

    /** For a terminal or a page: instants in the report's zone, to the second. */
    static String forPeople(Object cell, ZoneId zone) {
        if (cell == null) {
            return "-";
        }
        if (cell instanceof Instant instant) {
            return LOCAL.format(instant.atZone(zone));
        }
        return plain(cell);
    }

    /** For CSV: instants as ISO-8601 UTC, nothing as an empty field. */
    static String forMachines(Object cell) {
        return cell == null ? "" : plain(cell);
    }

    static boolean isNumber(Object cell) {
        return cell instanceof Number;
    }

    private static String plain(Object cell) {
        return cell instanceof BigDecimal decimal ? decimal.toPlainString() : cell.toString();
    }
}
