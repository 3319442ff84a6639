package io.authpay.billing.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants go to the database as UTC {@code DATETIME(6)} values and come back the same way. Passing
 * {@link LocalDateTime} keeps the JDBC driver from shifting them by the JVM's or the server's zone.
 */
public final class DbTime {
    private DbTime() {}

    /** The value to bind for an instant (null stays null). */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant stored in a column (null stays null). */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** The instant stored in a column by position (null stays null). */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
