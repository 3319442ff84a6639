package io.authpay.billing.webhook;

import io.authpay.billing.system.DbTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code webhook_delivery} and {@code webhook_delivery_attempt} tables: fan-out, claims, the log. */
@Component
class WebhookDeliveries {

    private static final int ERROR_LENGTH = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    WebhookDeliveries(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** A delivery claimed for sending. */
    record Claimed(long id, String eventId, String payload, int attempts, Instant retryUntil) {}

    /**
     * Makes the deliveries of up to {@code limit} events not fanned out yet, one per endpoint that takes the
     * event's type, and marks the events fanned out; returns how many events it handled. Two nodes doing it
     * at once make each delivery once (the unique key).
     */
    int fanOut(List<WebhookSettings.Endpoint> endpoints, Instant now, Duration retryFor, int limit) {
        return transaction.execute(status -> {
            record Pending(long id, String type, Long subscriptionId, Instant createdAt) {}
            List<Pending> events = jdbc.query(
                    "SELECT id, type, subscription_id, created_at FROM webhook_event WHERE fanned_out = FALSE"
                            + " ORDER BY id LIMIT ? FOR UPDATE",
                    (rs, i) -> new Pending(
                            rs.getLong(1), rs.getString(2), (Long) rs.getObject(3, Long.class), DbTime.instant(rs, 4)),
                    limit);
            for (Pending event : events) {
                for (WebhookSettings.Endpoint endpoint : endpoints) {
                    if (endpoint.takes(event.type())) {
                        jdbc.update(
                                "INSERT IGNORE INTO webhook_delivery (event_id, endpoint, subscription_id, status,"
                                        + " next_attempt_at, retry_until) VALUES (?, ?, ?, 'PENDING', ?, ?)",
                                event.id(),
                                endpoint.url(),
                                event.subscriptionId(),
                                DbTime.utc(now),
                                DbTime.utc(event.createdAt().plus(retryFor)));
                    }
                }
                jdbc.update("UPDATE webhook_event SET fanned_out = TRUE WHERE id = ?", event.id());
            }
            return events.size();
        });
    }

    /**
     * Claims up to {@code limit} deliveries to this endpoint that are due, oldest first, holding each until
     * {@code lockUntil}. A delivery waits while an earlier one of its subscription to the same endpoint is
     * still pending: a subscription's events arrive in order.
     */
    List<Claimed> claim(String endpoint, Instant now, Instant lockUntil, int limit) {
        List<Long> due = jdbc.queryForList("""
                SELECT d.id FROM webhook_delivery d
                WHERE d.endpoint = ? AND d.status = 'PENDING' AND d.next_attempt_at <= ?
                  AND (d.locked_until IS NULL OR d.locked_until < ?)
                  AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.endpoint = d.endpoint
                      AND p.subscription_id = d.subscription_id AND p.status = 'PENDING' AND p.id < d.id)
                ORDER BY d.id LIMIT ?
                """, Long.class, endpoint, DbTime.utc(now), DbTime.utc(now), limit);
        List<Claimed> claimed = new ArrayList<>();
        for (long id : due) {
            int rows = jdbc.update(
                    "UPDATE webhook_delivery SET locked_until = ? WHERE id = ? AND status = 'PENDING'"
                            + " AND (locked_until IS NULL OR locked_until < ?)",
                    DbTime.utc(lockUntil),
                    id,
                    DbTime.utc(now));
            if (rows == 1) {
                claimed.addAll(jdbc.query(
                        "SELECT d.id, e.event_id, e.payload, d.attempts, d.retry_until FROM webhook_delivery d"
                                + " JOIN webhook_event e ON e.id = d.event_id WHERE d.id = ?",
                        (rs, i) -> new Claimed(
                                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), DbTime.instant(rs, 5)),
                        id));
            }
        }
        return claimed;
    }

    /** Logs one POST and moves the delivery on: DELIVERED, PENDING until {@code nextAttemptAt}, or FAILED. */
    void attempted(
            Claimed delivery,
            Instant at,
            Integer httpStatus,
            long latencyMs,
            String error,
            String outcome,
            Instant nextAttemptAt) {
        transaction.executeWithoutResult(status -> {
            int attemptNo = delivery.attempts() + 1;
            String shortError =
                    error == null || error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH);
            jdbc.update(
                    "INSERT INTO webhook_delivery_attempt (delivery_id, attempt_no, attempted_at, http_status, latency_ms,"
                            + " error) VALUES (?, ?, ?, ?, ?, ?)",
                    delivery.id(),
                    attemptNo,
                    DbTime.utc(at),
                    httpStatus,
                    (int) Math.min(Integer.MAX_VALUE, latencyMs),
                    shortError);
            jdbc.update(
                    "UPDATE webhook_delivery SET status = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at),"
                            + " locked_until = NULL, last_http_status = ?, last_error = ?, delivered_at = ?"
                            + " WHERE id = ?",
                    outcome,
                    attemptNo,
                    DbTime.utc(nextAttemptAt),
                    httpStatus,
                    shortError,
                    outcome.equals("DELIVERED") ? DbTime.utc(at) : null,
                    delivery.id());
        });
    }

    /** Pending deliveries, per endpoint (the backlog gauge). */
    long backlog(String endpoint) {
        Long n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM webhook_delivery WHERE endpoint = ? AND status = 'PENDING'",
                Long.class,
                endpoint);
        return n == null ? 0 : n;
    }
}
