package io.authpay.billing.subscription;

import io.authpay.billing.system.Streaming;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads subscriptions for listings. */
@Component
public class Subscriptions {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;

    Subscriptions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.streaming = Streaming.jdbc(jdbc);
    }

    /** A subscription as an operator sees it. */
    public record View(
            String externalId,
            String authNo,
            long amount,
            String currency,
            String period,
            LocalDate anchorDate,
            LocalDate nextBillingDate,
            String tradeName,
            String status) {}

    /** Every subscription, by external id. */
    public List<View> all() {
        List<View> all = new ArrayList<>();
        stream(null, all::add);
        return all;
    }

    /**
     * Hands the subscriptions to {@code each} by external id as the database returns them, holding none.
     *
     * @param limit at most this many; null for every one
     */
    public void stream(Integer limit, Consumer<View> each) {
        streaming.query(
                "SELECT external_id, auth_no, amount, currency, period, anchor_date, next_billing_date, trade_name,"
                        + " status FROM subscription ORDER BY external_id" + (limit == null ? "" : " LIMIT " + limit),
                rs -> {
                    each.accept(new View(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getObject(6, LocalDate.class),
                            rs.getObject(7, LocalDate.class),
                            rs.getString(8),
                            rs.getString(9)));
                });
    }

    /** How many subscriptions there are. */
    public long count() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM subscription", Long.class);
    }
}
