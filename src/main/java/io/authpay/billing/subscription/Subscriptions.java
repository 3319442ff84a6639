package io.authpay.billing.subscription;

import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads subscriptions for listings. */
@Component
public class Subscriptions {

    private final JdbcTemplate jdbc;

    Subscriptions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.query(
                "SELECT external_id, auth_no, amount, currency, period, anchor_date, next_billing_date, trade_name,"
                        + " status FROM subscription ORDER BY external_id",
                (rs, i) -> new View(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, LocalDate.class),
                        rs.getObject(7, LocalDate.class),
                        rs.getString(8),
                        rs.getString(9)));
    }
}
