package io.authpay.billing.charge;

import io.authpay.billing.subscription.SubscriptionStatus;
import io.authpay.billing.system.DbTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code subscription} table as the engine writes it: the status moves of {@link SubscriptionStatus}
 * that charging and revocation cause, and the next billing date a paid period moves on. Every statement
 * joins the caller's transaction.
 */
@Component
class SubscriptionStore {

    private static final String CHARGEABLE = SubscriptionStatus.CHARGEABLE_SQL;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    SubscriptionStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The {@code updated_at} of a row written now: the program's clock, never the database server's. */
    private LocalDateTime stamp() {
        return DbTime.utc(clock.instant());
    }

    /**
     * A period is paid: the next billing date moves to {@code next}, never back (a later period may have
     * been paid first); a PAST_DUE subscription is ACTIVE again; one the operator paused or cancelled is
     * left as it is.
     */
    void advance(long subscriptionId, LocalDate next) {
        jdbc.update(
                "UPDATE subscription SET next_billing_date = GREATEST(next_billing_date, ?),"
                        + " status = CASE WHEN status IN (" + CHARGEABLE + ") THEN 'ACTIVE' ELSE status END,"
                        + " updated_at = ? WHERE id = ?",
                next,
                stamp(),
                subscriptionId);
    }

    /** {@link #advance} for many subscriptions (id to next billing date) in one statement. */
    void advanceAll(List<Map.Entry<Long, LocalDate>> next) {
        if (next.isEmpty()) {
            return;
        }
        StringBuilder derived = new StringBuilder("SELECT ? AS id, CAST(? AS DATE) AS next");
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            if (i > 0) {
                derived.append(" UNION ALL SELECT ?, CAST(? AS DATE)");
            }
            args.add(next.get(i).getKey());
            args.add(next.get(i).getValue());
        }
        args.add(stamp());
        next.forEach(e -> args.add(e.getKey()));
        jdbc.update(
                "UPDATE subscription s JOIN (" + derived + ") v ON v.id = s.id"
                        + " SET s.next_billing_date = GREATEST(s.next_billing_date, v.next),"
                        + " s.status = CASE WHEN s.status IN (" + CHARGEABLE + ") THEN 'ACTIVE' ELSE s.status END,"
                        + " s.updated_at = ? WHERE s.id IN (" + placeholders(next.size()) + ")",
                args.toArray());
    }

    /** A period could not be collected: an ACTIVE subscription becomes PAST_DUE. */
    int pastDue(long subscriptionId) {
        return jdbc.update(
                "UPDATE subscription SET status = 'PAST_DUE', updated_at = ? WHERE id = ? AND status = 'ACTIVE'",
                stamp(),
                subscriptionId);
    }

    /**
     * Every chargeable subscription of the binding becomes AUTH_REVOKED; returns their ids. Paused and
     * cancelled ones keep their status: nothing is charged on them anyway.
     */
    List<Long> revokeChargeable(String authNo) {
        List<Long> ids = jdbc.queryForList(
                "SELECT id FROM subscription WHERE auth_no = ? AND status IN (" + CHARGEABLE
                        + ") ORDER BY id FOR UPDATE",
                Long.class,
                authNo);
        if (!ids.isEmpty()) {
            List<Object> args = new ArrayList<>();
            args.add(stamp());
            args.addAll(ids);
            jdbc.update(
                    "UPDATE subscription SET status = 'AUTH_REVOKED', updated_at = ? WHERE id IN ("
                            + placeholders(ids.size()) + ")",
                    args.toArray());
        }
        return ids;
    }

    /** A revoked subscription as the operator names it. */
    record Revoked(long id, String externalId, SubscriptionStatus status) {}

    /** The subscriptions of these external ids (unknown ones are missing), locked for the caller's transaction. */
    List<Revoked> lockByExternalId(List<String> externalIds) {
        if (externalIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                "SELECT id, external_id, status FROM subscription WHERE external_id IN ("
                        + placeholders(externalIds.size()) + ") ORDER BY id FOR UPDATE",
                (rs, i) -> new Revoked(rs.getLong(1), rs.getString(2), SubscriptionStatus.valueOf(rs.getString(3))),
                externalIds.toArray());
    }

    /**
     * The AUTH_REVOKED subscriptions whose binding was revoked at or after {@code since} (by the audit event
     * every revocation writes, timed by the program's clock), locked for the caller's transaction.
     */
    List<Revoked> lockRevokedSince(Instant since) {
        return jdbc.query(
                """
                SELECT s.id, s.external_id, s.status FROM subscription s
                WHERE s.status = 'AUTH_REVOKED'
                  AND EXISTS (SELECT 1 FROM audit_event a WHERE a.action = 'REVOKE_BINDING' AND a.target_type = 'BINDING'
                              AND a.target_id = s.auth_no AND a.occurred_at >= ?)
                ORDER BY s.id FOR UPDATE
                """,
                (rs, i) -> new Revoked(rs.getLong(1), rs.getString(2), SubscriptionStatus.valueOf(rs.getString(3))),
                io.authpay.billing.system.DbTime.utc(since));
    }

    /** An AUTH_REVOKED subscription is ACTIVE again; returns whether it was revoked. */
    boolean reactivate(long subscriptionId) {
        return jdbc.update(
                        "UPDATE subscription SET status = 'ACTIVE', updated_at = ? WHERE id = ? AND status = 'AUTH_REVOKED'",
                        stamp(),
                        subscriptionId)
                == 1;
    }

    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
