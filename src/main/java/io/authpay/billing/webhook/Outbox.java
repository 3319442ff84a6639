package io.authpay.billing.webhook;

import io.authpay.billing.system.DbTime;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the events of state changes in {@code webhook_event}, in the transaction that makes the change:
 * the change and its event commit together or not at all. Each method reads the changed row as the
 * transaction sees it and refuses to run outside a transaction. {@code serve} delivers them later.
 */
@Component
public class Outbox {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Outbox(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A charge reached {@code status}: records charge.succeeded, .failed or .needs_review (others none). */
    public void chargeReached(long chargeId, String status) {
        chargesReached(Map.of(chargeId, status));
    }

    /**
     * Charges reached these statuses (charge id to status), as one group commit records them: one read of
     * all the charges and one batched insert of their events, in the caller's transaction.
     */
    public void chargesReached(Map<Long, String> statusByCharge) {
        Map<Long, EventType> types = new LinkedHashMap<>();
        statusByCharge.forEach((id, status) -> EventType.ofChargeStatus(status).ifPresent(t -> types.put(id, t)));
        if (types.isEmpty()) {
            return;
        }
        Map<Long, Map<String, Object>> charges = new HashMap<>();
        jdbc.query(
                """
                SELECT c.id, s.external_id, c.subscription_id, c.auth_no, c.period_key, c.billing_date, c.amount,
                       c.trade_name, c.status, c.attempts, c.last_result_code, c.review_reason, c.trade_no,
                       c.paid_at
                FROM charge c JOIN subscription s ON s.id = c.subscription_id WHERE c.id IN (%s)
                """.formatted(String.join(",", Collections.nCopies(types.size(), "?"))),
                rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("subscription_external_id", rs.getString("external_id"));
                    m.put("auth_no", rs.getString("auth_no"));
                    m.put("period_key", rs.getString("period_key"));
                    m.put("billing_date", date(rs, "billing_date"));
                    m.put("amount", rs.getLong("amount"));
                    m.put("currency", "TWD");
                    m.put("trade_name", rs.getString("trade_name"));
                    m.put("status", rs.getString("status"));
                    m.put("attempts", rs.getInt("attempts"));
                    m.put("last_result_code", rs.getString("last_result_code"));
                    m.put("reason", rs.getString("review_reason"));
                    m.put("trade_no", rs.getString("trade_no"));
                    m.put("paid_at", instant(rs, "paid_at"));
                    m.put("_subscription_id", rs.getLong("subscription_id"));
                    charges.put(rs.getLong("id"), m);
                },
                types.keySet().toArray());
        List<Event> events = new ArrayList<>();
        types.forEach((id, type) -> {
            Map<String, Object> charge = charges.get(id);
            if (charge == null) {
                throw new IllegalStateException("charge " + id + " reached a status but is not there");
            }
            long subscriptionId = (Long) charge.remove("_subscription_id");
            events.add(new Event(type, subscriptionId, Map.of("charge", charge)));
        });
        recordAll(events);
    }

    /** A subscription became PAST_DUE, AUTH_REVOKED or CANCELED: records that subscription's event. */
    public void subscriptionChanged(long subscriptionId, EventType type, String reason) {
        Map<String, Object> subscription = jdbc.queryForObject(
                """
                SELECT external_id, auth_no, amount, currency, period, anchor_date, next_billing_date, trade_name,
                       status
                FROM subscription WHERE id = ?
                """,
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("external_id", rs.getString("external_id"));
                    m.put("auth_no", rs.getString("auth_no"));
                    m.put("amount", rs.getLong("amount"));
                    m.put("currency", rs.getString("currency"));
                    m.put("period", rs.getString("period"));
                    m.put("anchor_date", date(rs, "anchor_date"));
                    m.put("next_billing_date", date(rs, "next_billing_date"));
                    m.put("trade_name", rs.getString("trade_name"));
                    m.put("status", rs.getString("status"));
                    return m;
                },
                subscriptionId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscription", subscription);
        data.put("reason", reason);
        record(type, subscriptionId, data);
    }

    /** A refund succeeded: records refund.succeeded. */
    public void refundSucceeded(String refundOrderId) {
        List<Long> subscription = jdbc.queryForList(
                "SELECT c.subscription_id FROM refund r JOIN charge_attempt a ON a.platform_order_id = r.platform_order_id"
                        + " JOIN charge c ON c.id = a.charge_id WHERE r.refund_order_id = ?",
                Long.class,
                refundOrderId);
        Map<String, Object> refund = jdbc.queryForObject(
                """
                SELECT refund_order_id, platform_order_id, amount, status, refund_trade_no, debit_amount,
                       redeem_amount, jko_coin_amount, official_coupon_amount, store_coupon_amount, refund_time
                FROM refund WHERE refund_order_id = ?
                """,
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("refund_order_id", rs.getString("refund_order_id"));
                    m.put("platform_order_id", rs.getString("platform_order_id"));
                    m.put("amount", rs.getLong("amount"));
                    m.put("currency", "TWD");
                    m.put("status", rs.getString("status"));
                    m.put("refund_trade_no", rs.getString("refund_trade_no"));
                    m.put("debit_amount", rs.getObject("debit_amount"));
                    m.put("redeem_amount", rs.getObject("redeem_amount"));
                    m.put("redeem_detail", redeemDetail(rs));
                    m.put("refund_time", instant(rs, "refund_time"));
                    return m;
                },
                refundOrderId);
        record(
                EventType.REFUND_SUCCEEDED,
                subscription.isEmpty() ? null : subscription.get(0),
                Map.of("refund", refund));
    }

    /** Writes one event with this data in the caller's transaction; returns its id. */
    String record(EventType type, Long subscriptionId, Map<String, Object> data) {
        return recordAll(List.of(new Event(type, subscriptionId, data))).get(0);
    }

    /** Writes these events in the caller's transaction, in one batch; returns their ids in order. */
    private List<String> recordAll(List<Event> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an event is recorded in the transaction of its change, and there is none");
        }
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>(events.size());
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Event event : events) {
            byte[] random = new byte[12];
            RANDOM.nextBytes(random);
            String eventId = "evt_" + HexFormat.of().formatHex(random);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", eventId);
            body.put("type", event.type().wireName());
            body.put("created", now.toString());
            body.put("data", event.data());
            ids.add(eventId);
            rows.add(new Object[] {
                eventId, event.type().wireName(), event.subscriptionId(), JSON.writeValueAsString(body), DbTime.utc(now)
            });
        }
        jdbc.batchUpdate(
                "INSERT INTO webhook_event (event_id, type, subscription_id, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                rows);
        return ids;
    }

    private record Event(EventType type, Long subscriptionId, Map<String, Object> data) {}

    /** JKoPay's redeem_detail as it came (coins, JKoPay's coupons, the store's), or null when it did not. */
    private static Map<String, Object> redeemDetail(ResultSet rs) throws SQLException {
        if (rs.getObject("jko_coin_amount") == null) {
            return null;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("jko_coin_amount", rs.getLong("jko_coin_amount"));
        detail.put("official_coupon_amount", rs.getLong("official_coupon_amount"));
        detail.put("store_coupon_amount", rs.getLong("store_coupon_amount"));
        return detail;
    }

    private static String date(ResultSet rs, String column) throws SQLException {
        LocalDate date = rs.getObject(column, LocalDate.class);
        return date == null ? null : date.toString();
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        Instant instant = DbTime.instant(rs, column);
        return instant == null ? null : instant.toString();
    }
}
