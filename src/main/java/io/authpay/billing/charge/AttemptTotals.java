package io.authpay.billing.charge;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The figures the report reads instead of a day's attempts, kept with the attempts (V12): the answered
 * attempts' totals by UTC hour, outcome, code, unknown reason and latency ({@code charge_attempt_total}), and
 * each charge's paid attempts summed ({@code charge.paid_final_price}, {@code paid_debit_amount}).
 *
 * <p>Every change of an attempt's outcome goes through {@link #change}: in the writer's transaction, the
 * attempts' old figures are taken off (locking them first), the write runs, their new figures are added and
 * their charges' paid sums are counted again. It needs to know only which attempts the write may touch, not
 * what it does to them, so the totals stay equal to a recount of {@code charge_attempt} whatever the write.
 * Attempts without an outcome are not counted: writing or deleting one changes no total.
 */
@Component
public class AttemptTotals {

    /**
     * Adds the figures of some attempts to the totals: %1$s the writer, %2$s the sign ("" or "-"), %3$s the
     * attempts' FROM and WHERE, %4$s the locking clause ("" or "FOR UPDATE").
     */
    private static final String ADD = """
            INSERT INTO charge_attempt_total (hour_start, outcome, result_code, unknown_reason, latency_ms, writer,
                attempts, amount, final_price, debit_amount, redeem_amount, jko_coin_amount, official_coupon_amount,
                store_coupon_amount)
            SELECT TIMESTAMP(DATE(requested_at), MAKETIME(HOUR(requested_at), 0, 0)), outcome,
                COALESCE(result_code, ''), COALESCE(unknown_reason, ''), COALESCE(latency_ms, -1), %1$s,
                %2$sCOUNT(*), %2$sCOALESCE(SUM(amount), 0), %2$sCOALESCE(SUM(final_price), 0),
                %2$sCOALESCE(SUM(debit_amount), 0), %2$sCOALESCE(SUM(redeem_amount), 0),
                %2$sCOALESCE(SUM(jko_coin_amount), 0), %2$sCOALESCE(SUM(official_coupon_amount), 0),
                %2$sCOALESCE(SUM(store_coupon_amount), 0)
            FROM %3$s AND outcome IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5
            %4$s
            ON DUPLICATE KEY UPDATE attempts = attempts + VALUES(attempts), amount = amount + VALUES(amount),
                final_price = final_price + VALUES(final_price), debit_amount = debit_amount + VALUES(debit_amount),
                redeem_amount = redeem_amount + VALUES(redeem_amount),
                jko_coin_amount = jko_coin_amount + VALUES(jko_coin_amount),
                official_coupon_amount = official_coupon_amount + VALUES(official_coupon_amount),
                store_coupon_amount = store_coupon_amount + VALUES(store_coupon_amount)
            """;

    private static final String REPRICE = """
            UPDATE charge c FORCE INDEX (PRIMARY)
            JOIN (SELECT DISTINCT charge_id FROM %s) changed ON changed.charge_id = c.id
            SET c.paid_final_price = (SELECT SUM(a.final_price) FROM charge_attempt a
                    FORCE INDEX (uk_charge_attempt_charge_attempt_no)
                    WHERE a.charge_id = c.id AND a.outcome IN ('SUCCEEDED', 'ALREADY_PAID')),
                c.paid_debit_amount = (SELECT SUM(a.debit_amount) FROM charge_attempt a
                    FORCE INDEX (uk_charge_attempt_charge_attempt_no)
                    WHERE a.charge_id = c.id AND a.outcome IN ('SUCCEEDED', 'ALREADY_PAID'))
            """;

    /**
     * The attempts a write may touch: a {@code FROM} clause of {@code charge_attempt} naming the index to look
     * them up by, and its {@code WHERE} condition with its arguments.
     */
    public record Attempts(String from, List<Object> args) {

        /** The attempts of these platform order ids. */
        public static Attempts byPlatformOrderIds(List<String> platformOrderIds) {
            return new Attempts(
                    "charge_attempt FORCE INDEX (uk_charge_attempt_platform_order_id) WHERE platform_order_id IN ("
                            + String.join(", ", java.util.Collections.nCopies(platformOrderIds.size(), "?")) + ")",
                    List.copyOf(platformOrderIds));
        }

        /** The attempt of this id. */
        public static Attempts byId(long id) {
            return new Attempts("charge_attempt FORCE INDEX (PRIMARY) WHERE id = ?", List.of(id));
        }
    }

    private final JdbcTemplate jdbc;

    public AttemptTotals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs {@code write}, which may change the outcome or figures of {@code attempts}, with the totals: their
     * old figures off before, their new figures on after, their charges' paid sums counted again. Must run in
     * the writer's transaction.
     */
    void change(Attempts attempts, Runnable write) {
        // FOR UPDATE: the rows are locked before they are read, as the write would lock them, so a concurrent
        // writer of the same attempts waits here instead of reading figures it is about to change.
        jdbc.update(
                ADD.formatted("CONNECTION_ID()", "-", attempts.from(), "FOR UPDATE"),
                attempts.args().toArray());
        write.run();
        added(attempts);
    }

    /**
     * Counts attempts written with their outcome already set (seeded by the benchmark or by a test): their
     * figures on, their charges' paid sums counted again. Must run in the writer's transaction, or right after
     * its commit.
     */
    public void added(Attempts attempts) {
        jdbc.update(
                ADD.formatted("CONNECTION_ID()", "", attempts.from(), ""),
                attempts.args().toArray());
        jdbc.update(REPRICE.formatted(attempts.from()), attempts.args().toArray());
    }

    /**
     * Counts everything again from {@code charge_attempt}: every total and every charge's paid sums, as V13
     * counted them at the migration. For attempts changed by hand (SQL run by an operator, test seeds, pods
     * of a version without V12 during an upgrade), not for a running billing day: it locks the attempts it
     * reads. Run it in one transaction ({@code report --recount} does), so that no writer adds to totals
     * half counted.
     */
    public void recount() {
        jdbc.update("DELETE FROM charge_attempt_total");
        jdbc.update(ADD.formatted("0", "", "charge_attempt WHERE 1 = 1", ""));
        jdbc.update("UPDATE charge SET paid_final_price = NULL, paid_debit_amount = NULL"
                + " WHERE paid_final_price IS NOT NULL OR paid_debit_amount IS NOT NULL");
        jdbc.update(REPRICE.formatted("charge_attempt WHERE outcome IN ('SUCCEEDED', 'ALREADY_PAID')"));
    }
}
