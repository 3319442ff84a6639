package io.authpay.billing.charge;

import io.authpay.billing.authpay.Transaction;
import io.authpay.billing.subscription.BillingCalendar;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.webhook.EventType;
import io.authpay.billing.webhook.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code charge} and {@code charge_attempt} tables as the engine writes them. An attempt is written,
 * and its charge set IN_FLIGHT, in one transaction committed before the gateway call; its outcome and the
 * decision follow in one transaction after it. Every change of a charge names the status (and attempt and
 * inquiry counts) it expects, so a late writer never overwrites a charge someone else has moved on.
 */
@Component
class ChargeStore {

    private static final String SELECT_CHARGE = """
            SELECT c.id, c.subscription_id, c.period_key, c.billing_date, c.auth_no, c.amount, c.trade_name,
                   c.status, c.next_attempt_at, c.attempts, c.dunning_attempts, c.inquiries,
                   s.anchor_date, s.period, s.status AS subscription_status, b.billing_period
            FROM charge c
            JOIN subscription s ON s.id = c.subscription_id
            LEFT JOIN binding b ON b.auth_no = c.auth_no
            """;

    private static final int MESSAGE_LENGTH = 500;
    private static final int REASON_LENGTH = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Outbox outbox;

    ChargeStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        // Commits of its own even if a caller's transaction is open: an attempt must be durable before its call.
        tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Runs work with any transaction of the caller suspended, so each statement commits on its own. */
    static TransactionTemplate withoutTransaction(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        return template;
    }

    /** A due charge as the daily run queues it. */
    record Due(long id, String authNo) {}

    /** A page of DUE or RETRY_SCHEDULED charges whose time has come (NULL = now), by id after {@code afterId}. */
    List<Due> due(Instant now, long afterId, int limit) {
        return jdbc.query("""
                SELECT c.id, c.auth_no FROM charge c JOIN subscription s ON s.id = c.subscription_id
                WHERE c.status IN ('DUE', 'RETRY_SCHEDULED') AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= ?)
                  AND s.status IN ('ACTIVE', 'PAST_DUE') AND c.id > ?
                ORDER BY c.id LIMIT ?
                """, (rs, i) -> new Due(rs.getLong(1), rs.getString(2)), DbTime.utc(now), afterId, limit);
    }

    /** A page of the ids of UNKNOWN charges whose next inquiry is due, after {@code afterId}. */
    List<Long> unknownDue(Instant now, long afterId, int limit) {
        return jdbc.queryForList(
                "SELECT id FROM charge WHERE status = 'UNKNOWN' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                        + " AND id > ? ORDER BY id LIMIT ?",
                Long.class,
                DbTime.utc(now),
                afterId,
                limit);
    }

    Optional<ChargeRow> find(long chargeId) {
        return jdbc.query(SELECT_CHARGE + " WHERE c.id = ?", ChargeStore::chargeRow, chargeId).stream()
                .findFirst();
    }

    /** The charge's attempts, oldest first. */
    List<AttemptRow> attempts(long chargeId) {
        return jdbc.query(
                "SELECT id, charge_id, attempt_no, platform_order_id, outcome, result_code, settled_by, requested_at"
                        + " FROM charge_attempt WHERE charge_id = ? ORDER BY attempt_no",
                (rs, i) -> new AttemptRow(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        DbTime.instant(rs, 8)),
                chargeId);
    }

    /**
     * Writes the next attempt and sets the charge IN_FLIGHT, in one committed transaction; empty when the
     * charge is no longer as read (someone else moved it on).
     */
    Optional<AttemptRow> begin(ChargeRow charge, String platformOrderId, Instant now) {
        int attemptNo = charge.attempts() + 1;
        return tx.execute(status -> {
            int rows = jdbc.update(
                    "UPDATE charge SET status = 'IN_FLIGHT', attempts = ?, inquiries = 0, next_attempt_at = NULL"
                            + " WHERE id = ? AND status = ? AND attempts = ?",
                    attemptNo,
                    charge.id(),
                    charge.status().name(),
                    charge.attempts());
            if (rows != 1) {
                return Optional.empty();
            }
            jdbc.update(
                    "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, requested_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    charge.id(),
                    attemptNo,
                    platformOrderId,
                    charge.authNo(),
                    charge.amount(),
                    DbTime.utc(now));
            Long id = jdbc.queryForObject(
                    "SELECT id FROM charge_attempt WHERE platform_order_id = ?", Long.class, platformOrderId);
            return Optional.of(new AttemptRow(id, charge.id(), attemptNo, platformOrderId, null, null, null, now));
        });
    }

    /**
     * What one call of the transaction endpoint got.
     *
     * @param resultCode the code JKoPay sent, or null
     * @param unknownReason why the outcome is unknown, or null
     * @param paid the transaction of a 000, or null
     * @param settled whether the answer itself settles the attempt (false for unknown outcomes and 101)
     */
    record AttemptResult(
            AttemptOutcome outcome,
            String resultCode,
            String message,
            String unknownReason,
            Transaction paid,
            Instant completedAt,
            long latencyMs,
            boolean settled) {}

    /**
     * Records an attempt's outcome and the decision it led to, in one transaction. The attempt is recorded
     * whatever happened meanwhile; when the charge is no longer IN_FLIGHT under this attempt (a lease expired
     * and the charge went to inquiry) the decision is not applied and the attempt is left for inquiry to
     * settle. Returns whether the decision was applied.
     */
    boolean complete(ChargeRow charge, AttemptRow attempt, AttemptResult result, ChargeDecision decision) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int applied = updateCharge(
                    charge.id(),
                    ChargeStatus.IN_FLIGHT,
                    attempt.attemptNo(),
                    null,
                    decision,
                    false,
                    result.resultCode(),
                    result.outcome().outcomeClass().name(),
                    result.paid(),
                    result.completedAt());
            Transaction paid = result.paid();
            jdbc.update(
                    """
                    UPDATE charge_attempt SET outcome = ?, result_code = ?, result_message = ?, unknown_reason = ?,
                        trade_no = ?, final_price = ?, debit_amount = ?, redeem_amount = ?, trans_time = ?,
                        settled_by = ?, completed_at = ?, latency_ms = ?
                    WHERE id = ? AND outcome IS NULL
                    """,
                    result.outcome().outcomeClass().name(),
                    truncate(result.resultCode(), 8),
                    truncate(result.message(), MESSAGE_LENGTH),
                    truncate(result.unknownReason(), 32),
                    paid == null ? null : paid.tradeNo(),
                    paid == null ? null : paid.finalPrice(),
                    paid == null ? null : paid.debitAmount(),
                    paid == null ? null : paid.redeemAmount(),
                    paid == null ? null : DbTime.utc(paid.transTime()),
                    applied == 1 && result.settled() ? "RESPONSE" : null,
                    DbTime.utc(result.completedAt()),
                    (int) Math.min(Integer.MAX_VALUE, result.latencyMs()),
                    attempt.id());
            if (applied == 1) {
                // webhooks (outbox): the outcome's event commits with the outcome
                outbox.chargeReached(charge.id(), decision.status().name());
                applySubscriptionEffect(charge, decision);
            }
            return applied == 1;
        }));
    }

    /**
     * What inquiry said about one attempt.
     *
     * @param paid the payment when inquiry says it was paid, else null
     * @param settles whether the answer proves the attempt's effect (paid, failed, not paid, no such order)
     */
    record Settlement(AttemptRow attempt, Transaction paid, boolean settles) {}

    /**
     * Applies a decision that followed an inquiry, with what inquiry said of each attempt, in one
     * transaction; only when the charge is still {@code expected} with the attempt and inquiry counts read.
     * {@code countsInquiry} adds the answer to the charge's inquiries. Returns whether it was applied.
     */
    boolean settle(
            ChargeRow charge,
            ChargeStatus expected,
            List<Settlement> settlements,
            ChargeDecision decision,
            boolean countsInquiry,
            Instant now) {
        Transaction paid = settlements.stream()
                .map(Settlement::paid)
                .filter(p -> p != null)
                .findFirst()
                .orElse(null);
        return Boolean.TRUE.equals(tx.execute(status -> {
            int applied = updateCharge(
                    charge.id(),
                    expected,
                    charge.attempts(),
                    charge.inquiries(),
                    decision,
                    countsInquiry,
                    null,
                    paid == null ? null : "SUCCEEDED",
                    paid,
                    now);
            if (applied != 1) {
                return false;
            }
            for (Settlement settlement : settlements) {
                Transaction p = settlement.paid();
                if (p != null) {
                    jdbc.update(
                            """
                            UPDATE charge_attempt SET outcome = 'SUCCEEDED', trade_no = ?, final_price = ?,
                                debit_amount = ?, redeem_amount = ?, trans_time = ?, settled_by = 'INQUIRY',
                                completed_at = COALESCE(completed_at, ?)
                            WHERE id = ?
                            """,
                            p.tradeNo(),
                            p.finalPrice(),
                            p.debitAmount(),
                            p.redeemAmount(),
                            DbTime.utc(p.transTime()),
                            DbTime.utc(now),
                            settlement.attempt().id());
                } else if (settlement.settles()) {
                    // Proven not to have taken money; an attempt whose process died stays an UNKNOWN call.
                    // (MySQL assigns left to right: the reason reads the outcome before it is set.)
                    jdbc.update("""
                            UPDATE charge_attempt
                            SET unknown_reason = CASE WHEN outcome IS NULL THEN 'ABANDONED' ELSE unknown_reason END,
                                outcome = COALESCE(outcome, 'UNKNOWN'), settled_by = 'INQUIRY'
                            WHERE id = ? AND settled_by IS NULL
                            """, settlement.attempt().id());
                }
            }
            if (expected != decision.status()) {
                // webhooks (outbox): the outcome's event commits with the outcome
                outbox.chargeReached(charge.id(), decision.status().name());
            }
            applySubscriptionEffect(charge, decision);
            return true;
        }));
    }

    private int updateCharge(
            long chargeId,
            ChargeStatus expected,
            int expectedAttempts,
            Integer expectedInquiries,
            ChargeDecision decision,
            boolean countsInquiry,
            String resultCode,
            String outcome,
            Transaction paid,
            Instant now) {
        boolean fromAttempt = expected == ChargeStatus.IN_FLIGHT;
        boolean succeeded = decision.status() == ChargeStatus.SUCCEEDED;
        return jdbc.update(
                "UPDATE charge SET status = ?, next_attempt_at = ?, dunning_attempts = dunning_attempts + ?,"
                        + " inquiries = inquiries + ?,"
                        + (fromAttempt
                                ? " last_result_code = ?,"
                                : " last_result_code = COALESCE(?, last_result_code),")
                        + " last_outcome = COALESCE(?, last_outcome), review_reason = ?,"
                        + " trade_no = COALESCE(?, trade_no), paid_at = COALESCE(?, paid_at)"
                        + " WHERE id = ? AND status = ? AND attempts = ?"
                        + (expectedInquiries == null ? "" : " AND inquiries = " + expectedInquiries.intValue()),
                decision.status().name(),
                DbTime.utc(decision.nextAttemptAt()),
                decision.dunningAttemptConsumed() ? 1 : 0,
                countsInquiry ? 1 : 0,
                truncate(resultCode, 8),
                outcome,
                truncate(decision.reason(), REASON_LENGTH),
                succeeded && paid != null ? paid.tradeNo() : null,
                succeeded ? DbTime.utc(paid != null && paid.transTime() != null ? paid.transTime() : now) : null,
                chargeId,
                expected.name(),
                expectedAttempts);
    }

    private void applySubscriptionEffect(ChargeRow charge, ChargeDecision decision) {
        switch (decision.subscriptionEffect()) {
            case NONE -> {}
            case ADVANCE -> {
                LocalDate next = BillingCalendar.nextBillingDate(
                        charge.anchorDate(), charge.subscriptionPeriod(), charge.billingDate());
                // Never moves the date back (a later period may have been paid first), and leaves a
                // subscription the operator paused or cancelled as it is.
                jdbc.update("""
                        UPDATE subscription SET next_billing_date = GREATEST(next_billing_date, ?),
                            status = CASE WHEN status IN ('ACTIVE', 'PAST_DUE') THEN 'ACTIVE' ELSE status END
                        WHERE id = ?
                        """, next, charge.subscriptionId());
            }
            case PAST_DUE -> {
                int changed = jdbc.update(
                        "UPDATE subscription SET status = 'PAST_DUE' WHERE id = ? AND status = 'ACTIVE'",
                        charge.subscriptionId());
                if (changed == 1) { // webhooks (outbox)
                    outbox.subscriptionChanged(
                            charge.subscriptionId(), EventType.SUBSCRIPTION_PAST_DUE, decision.reason());
                }
            }
            case AUTH_REVOKED -> {
                int changed = jdbc.update(
                        "UPDATE subscription SET status = 'AUTH_REVOKED'"
                                + " WHERE id = ? AND status IN ('ACTIVE', 'PAST_DUE', 'PAUSED')",
                        charge.subscriptionId());
                if (changed == 1) { // webhooks (outbox)
                    outbox.subscriptionChanged(
                            charge.subscriptionId(), EventType.SUBSCRIPTION_AUTH_REVOKED, decision.reason());
                }
                // Charges that may have moved money (IN_FLIGHT, UNKNOWN) are left to inquiry.
                jdbc.update(
                        "UPDATE charge SET status = 'CANCELED', next_attempt_at = NULL, review_reason = ?"
                                + " WHERE subscription_id = ? AND id <> ? AND status IN ('DUE', 'RETRY_SCHEDULED')",
                        "cancelled: the binding was revoked while charging period " + charge.periodKey(),
                        charge.subscriptionId(),
                        charge.id());
            }
        }
    }

    private static ChargeRow chargeRow(ResultSet rs, int i) throws SQLException {
        return new ChargeRow(
                rs.getLong("id"),
                rs.getLong("subscription_id"),
                rs.getString("period_key"),
                rs.getObject("billing_date", LocalDate.class),
                rs.getString("auth_no"),
                rs.getLong("amount"),
                rs.getString("trade_name"),
                ChargeStatus.valueOf(rs.getString("status")),
                DbTime.instant(rs, "next_attempt_at"),
                rs.getInt("attempts"),
                rs.getInt("dunning_attempts"),
                rs.getInt("inquiries"),
                rs.getObject("anchor_date", LocalDate.class),
                BillingPeriod.valueOf(rs.getString("period")),
                rs.getString("subscription_status"),
                rs.getString("billing_period"));
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    /** This database's random id (sql/V4), part of every platform_order_id. */
    String installationId() {
        return jdbc.queryForObject("SELECT id FROM installation", String.class);
    }
}
