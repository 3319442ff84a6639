package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The totals kept with the attempts (sql/V12) must equal a count of {@code charge_attempt} at any moment: a
 * write path that forgets them makes the report disagree with the ledger.
 */
public final class AttemptTotalsCheck {

    private AttemptTotalsCheck() {}

    public static void assertEqualToARecount(JdbcTemplate jdbc) {
        List<String> kept = jdbc.query("""
                SELECT hour_start, outcome, result_code, unknown_reason, latency_ms, SUM(attempts), SUM(amount),
                    SUM(final_price), SUM(debit_amount), SUM(redeem_amount), SUM(jko_coin_amount),
                    SUM(official_coupon_amount), SUM(store_coupon_amount)
                FROM charge_attempt_total
                GROUP BY hour_start, outcome, result_code, unknown_reason, latency_ms
                HAVING SUM(attempts) <> 0 OR SUM(amount) <> 0 OR SUM(final_price) <> 0 OR SUM(debit_amount) <> 0
                    OR SUM(redeem_amount) <> 0 OR SUM(jko_coin_amount) <> 0 OR SUM(official_coupon_amount) <> 0
                    OR SUM(store_coupon_amount) <> 0
                ORDER BY 1, 2, 3, 4, 5
                """, AttemptTotalsCheck::line);
        List<String> counted = jdbc.query("""
                SELECT TIMESTAMP(DATE(requested_at), MAKETIME(HOUR(requested_at), 0, 0)), outcome,
                    COALESCE(result_code, ''), COALESCE(unknown_reason, ''), COALESCE(latency_ms, -1), COUNT(*),
                    COALESCE(SUM(amount), 0), COALESCE(SUM(final_price), 0), COALESCE(SUM(debit_amount), 0),
                    COALESCE(SUM(redeem_amount), 0), COALESCE(SUM(jko_coin_amount), 0),
                    COALESCE(SUM(official_coupon_amount), 0), COALESCE(SUM(store_coupon_amount), 0)
                FROM charge_attempt
                WHERE outcome IS NOT NULL
                GROUP BY 1, 2, 3, 4, 5
                ORDER BY 1, 2, 3, 4, 5
                """, AttemptTotalsCheck::line);
        assertThat(kept)
                .as("charge_attempt_total against a count of charge_attempt")
                .isEqualTo(counted);
        List<Long> wrongPaid = jdbc.queryForList("""
                SELECT c.id FROM charge c
                LEFT JOIN (SELECT charge_id, SUM(final_price) AS final_price, SUM(debit_amount) AS debit_amount
                           FROM charge_attempt WHERE outcome IN ('SUCCEEDED', 'ALREADY_PAID')
                           GROUP BY charge_id) p ON p.charge_id = c.id
                WHERE NOT (c.paid_final_price <=> p.final_price) OR NOT (c.paid_debit_amount <=> p.debit_amount)
                """, Long.class);
        assertThat(wrongPaid)
                .as("charges whose paid_final_price/paid_debit_amount differ from their paid attempts")
                .isEmpty();
    }

    private static String line(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= 13; i++) {
            line.append(i == 1 ? "" : " | ").append(rs.getString(i));
        }
        return line.toString();
    }
}
