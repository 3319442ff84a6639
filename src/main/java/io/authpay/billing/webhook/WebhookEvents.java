package io.authpay.billing.webhook;

import io.authpay.billing.system.DbTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The recorded events and their deliveries as the operator API shows them, and redelivery. */
@Component
public class WebhookEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final WebhookSettings settings;
    private final Clock clock;

    WebhookEvents(JdbcTemplate jdbc, TransactionTemplate transaction, WebhookSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /** One POST of the delivery log. */
    public record AttemptView(int attemptNo, Instant attemptedAt, Integer httpStatus, int latencyMs, String error) {}

    /** One event to one endpoint. */
    public record DeliveryView(
            String endpoint,
            String status,
            int attempts,
            Instant nextAttemptAt,
            Integer lastHttpStatus,
            String lastError,
            Instant deliveredAt,
            List<AttemptView> log) {}

    /** An event: its body as sent ({@code data}), and its deliveries. */
    public record EventView(String id, String type, Instant created, JsonNode data, List<DeliveryView> deliveries) {}

    /** A page of events, newest first, and the cursor of the next page (null at the end). */
    public record Page(List<EventView> events, String nextCursor) {}

    /**
     * Events newest first, of a type and of a subscription when given, before the cursor (the previous
     * page's {@code next_cursor}).
     */
    public Page list(String type, String subscriptionExternalId, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT e.id FROM webhook_event e WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (type != null) {
            sql.append(" AND e.type = ?");
            args.add(type);
        }
        if (subscriptionExternalId != null) {
            sql.append(" AND e.subscription_id = (SELECT id FROM subscription WHERE external_id = ?)");
            args.add(subscriptionExternalId);
        }
        if (cursor != null) {
            sql.append(" AND e.id < ?");
            args.add(Long.parseLong(cursor));
        }
        sql.append(" ORDER BY e.id DESC LIMIT ?");
        args.add(limit + 1);
        List<Long> ids = jdbc.queryForList(sql.toString(), Long.class, args.toArray());
        boolean more = ids.size() > limit;
        List<Long> page = more ? ids.subList(0, limit) : ids;
        List<EventView> events = new ArrayList<>();
        for (long id : page) {
            events.add(view(id, false));
        }
        return new Page(events, more ? Long.toString(page.get(page.size() - 1)) : null);
    }

    /** One event with its delivery log. */
    public Optional<EventView> find(String eventId) {
        return internalId(eventId).map(id -> view(id, true));
    }

    /**
     * Sends the event again to every configured endpoint that takes its type, delivered before or not, with
     * a fresh retry period. Empty when there is no such event.
     */
    public Optional<EventView> redeliver(String eventId) {
        Optional<Long> id = internalId(eventId);
        id.ifPresent(internal -> transaction.executeWithoutResult(status -> {
            String type = jdbc.queryForObject(
                    "SELECT type FROM webhook_event WHERE id = ? FOR UPDATE", String.class, internal);
            Long subscriptionId =
                    jdbc.queryForObject("SELECT subscription_id FROM webhook_event WHERE id = ?", Long.class, internal);
            Instant now = clock.instant();
            for (WebhookSettings.Endpoint endpoint : settings.endpoints()) {
                if (endpoint.takes(type)) {
                    jdbc.update(
                            """
                            INSERT INTO webhook_delivery (event_id, endpoint, subscription_id, status, next_attempt_at, retry_until)
                            VALUES (?, ?, ?, 'PENDING', ?, ?)
                            ON DUPLICATE KEY UPDATE status = 'PENDING', next_attempt_at = VALUES(next_attempt_at),
                                retry_until = VALUES(retry_until)
                            """,
                            internal,
                            endpoint.url(),
                            subscriptionId,
                            DbTime.utc(now),
                            DbTime.utc(now.plus(settings.retryFor())));
                }
            }
            jdbc.update("UPDATE webhook_event SET fanned_out = TRUE WHERE id = ?", internal);
        }));
        return id.map(internal -> view(internal, true));
    }

    private Optional<Long> internalId(String eventId) {
        return jdbc.queryForList("SELECT id FROM webhook_event WHERE event_id = ?", Long.class, eventId).stream()
                .findFirst();
    }

    private EventView view(long id, boolean withLog) {
        record Event(String id, String type, Instant created, String payload) {}
        Event event = jdbc.queryForObject(
                "SELECT event_id, type, created_at, payload FROM webhook_event WHERE id = ?",
                (rs, i) -> new Event(rs.getString(1), rs.getString(2), DbTime.instant(rs, 3), rs.getString(4)),
                id);
        List<DeliveryView> deliveries = jdbc.query(
                "SELECT id, endpoint, status, attempts, next_attempt_at, last_http_status, last_error, delivered_at"
                        + " FROM webhook_delivery WHERE event_id = ? ORDER BY id",
                (rs, i) -> new DeliveryView(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(3).equals("PENDING") ? DbTime.instant(rs, 5) : null,
                        (Integer) rs.getObject(6, Integer.class),
                        rs.getString(7),
                        DbTime.instant(rs, 8),
                        withLog ? attempts(rs.getLong(1)) : null),
                id);
        return new EventView(
                event.id(),
                event.type(),
                event.created(),
                JSON.readTree(event.payload()).get("data"),
                deliveries);
    }

    private List<AttemptView> attempts(long deliveryId) {
        return jdbc.query(
                "SELECT attempt_no, attempted_at, http_status, latency_ms, error FROM webhook_delivery_attempt"
                        + " WHERE delivery_id = ? ORDER BY attempt_no",
                (rs, i) -> new AttemptView(
                        rs.getInt(1),
                        DbTime.instant(rs, 2),
                        (Integer) rs.getObject(3, Integer.class),
                        rs.getInt(4),
                        rs.getString(5)),
                deliveryId);
    }
}
