package io.authpay.billing.subscription;

import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.webhook.EventType;
import io.authpay.billing.webhook.Outbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One subscription at a time, as the API and the command line change it: create (with the CSV's checks and
 * messages, and an optional idempotency key), show, change, pause, resume, cancel. Every change is audited.
 */
@Service
public class SubscriptionService {

    /** How long an idempotency key is kept at least. */
    static final Duration KEY_KEPT = Duration.ofHours(24);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;

    SubscriptionService(
            JdbcTemplate jdbc, TransactionTemplate transaction, AuditLog audit, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The {@code created_at}/{@code updated_at} of a row written now: the program's clock, never the database
     * server's (sql/V11 leaves them without a default).
     */
    private LocalDateTime stamp() {
        return DbTime.utc(clock.instant());
    }

    /** Why a request was refused; {@link #kind} picks the HTTP status and the exit code. */
    public static final class Refused extends RuntimeException {
        /** BAD_REQUEST 400, NOT_FOUND 404, CONFLICT 409. */
        public enum Kind {
            BAD_REQUEST,
            NOT_FOUND,
            CONFLICT
        }

        private final Kind kind;
        private final String code;

        /** No subscription has this external id. */
        public static Refused notFound(String externalId) {
            return new Refused(Kind.NOT_FOUND, "not_found", "no subscription has external_id " + externalId);
        }

        Refused(Kind kind, String code, String message) {
            super(message);
            this.kind = kind;
            this.code = code;
        }

        public Kind kind() {
            return kind;
        }

        /** A stable snake_case code, e.g. {@code amount_mismatch}. */
        public String code() {
            return code;
        }
    }

    /** The fields of a create, named as the CSV's columns; {@code currency} and {@code next_billing_date} optional. */
    public record Create(
            String externalId,
            String authNo,
            String amount,
            String currency,
            String period,
            String anchorDate,
            String tradeName,
            String nextBillingDate) {}

    /** A subscription as the API shows it. */
    public record View(
            String externalId,
            String authNo,
            long amount,
            String currency,
            String period,
            LocalDate anchorDate,
            LocalDate nextBillingDate,
            String tradeName,
            String status,
            LocalDate cancelAt,
            Long bindingAmount,
            List<ChargeView> charges) {}

    /** One of its charges. */
    public record ChargeView(
            long id,
            String periodKey,
            LocalDate billingDate,
            long amount,
            String status,
            int attempts,
            String lastResultCode,
            String reason,
            Instant paidAt) {}

    /** A page of subscriptions and the cursor of the next one (null at the end). */
    public record Page(List<View> subscriptions, String nextCursor) {}

    /** What a create answered, and whether it was an earlier answer replayed for the same key. */
    public record Created(View subscription, boolean replayed) {}

    /**
     * Creates a subscription (and its binding row when new). With a key: the first answer is kept; the same
     * key and body again gets it back, the same key with another body is refused (409).
     *
     * @param canonicalBody the request as received, compared across retries with the same key
     */
    public Created create(Create fields, String idempotencyKey, String canonicalBody, String actor) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new Refused(Refused.Kind.BAD_REQUEST, "bad_request", "Idempotency-Key must be 1 to 255 characters");
        }
        SubscriptionRow row = row(fields, fields.authNo());
        String hash = sha256(canonicalBody == null ? row.toString() : canonicalBody);
        return transaction.execute(status -> {
            Instant now = clock.instant();
            if (idempotencyKey != null) {
                jdbc.update(
                        "DELETE FROM idempotency_key WHERE created_at < ? LIMIT 100", DbTime.utc(now.minus(KEY_KEPT)));
                List<String[]> earlier = jdbc.query(
                        "SELECT request_hash, response_body FROM idempotency_key WHERE idem_key = ? FOR UPDATE",
                        (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                        idempotencyKey);
                if (!earlier.isEmpty()) {
                    if (!earlier.get(0)[0].equals(hash)) {
                        throw new Refused(
                                Refused.Kind.CONFLICT,
                                "idempotency_key_reused",
                                "Idempotency-Key " + idempotencyKey + " was used with a different body; use a new"
                                        + " key for a different subscription");
                    }
                    return new Created(find(earlier.get(0)[1]).orElseThrow(), true);
                }
            }
            if (!jdbc.queryForList("SELECT id FROM subscription WHERE external_id = ?", Long.class, row.externalId())
                    .isEmpty()) {
                throw new Refused(
                        Refused.Kind.CONFLICT,
                        "already_exists",
                        "external_id " + row.externalId() + " exists; change it with PATCH");
            }
            jdbc.update(
                    "INSERT INTO binding (auth_no, created_at, updated_at) VALUES (?, ?, ?)"
                            + " ON DUPLICATE KEY UPDATE auth_no = auth_no",
                    row.authNo(),
                    DbTime.utc(now),
                    DbTime.utc(now));
            jdbc.update(
                    """
                    INSERT INTO subscription (external_id, auth_no, amount, currency, period, anchor_date,
                                              next_billing_date, trade_name, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)
                    """,
                    row.externalId(),
                    row.authNo(),
                    row.amount(),
                    row.currency(),
                    row.period().name(),
                    Date.valueOf(row.anchorDate()),
                    Date.valueOf(row.nextBillingDate()),
                    row.tradeName(),
                    DbTime.utc(now),
                    DbTime.utc(now));
            if (idempotencyKey != null) {
                // The key remembers the subscription it made; a replay shows it as it is then.
                jdbc.update(
                        "INSERT INTO idempotency_key (idem_key, request_hash, response_body, created_at) VALUES (?, ?, ?, ?)",
                        idempotencyKey,
                        hash,
                        row.externalId(),
                        DbTime.utc(now));
            }
            audit.record(actor, "CREATE_SUBSCRIPTION", "SUBSCRIPTION", row.externalId(), null, row.toString());
            return new Created(find(row.externalId()).orElseThrow(), false);
        });
    }

    /**
     * Checks a subscription's fields as a CSV row is; {@code auth_no} may be absent (a binding not yet created).
     *
     * @throws Refused (bad request) naming every field at fault
     */
    public static void check(Create fields) {
        row(fields, fields.authNo() == null ? "0" : fields.authNo());
    }

    /**
     * Stores a PENDING subscription on a binding just created: nothing is charged until JKoPay's callback
     * confirms the binding GRANTED ({@link #activatePending}).
     */
    public View createPending(Create fields, String actor) {
        SubscriptionRow row = row(fields, fields.authNo());
        return transaction.execute(status -> {
            LocalDateTime at = stamp();
            if (!jdbc.queryForList("SELECT id FROM subscription WHERE external_id = ?", Long.class, row.externalId())
                    .isEmpty()) {
                throw new Refused(
                        Refused.Kind.CONFLICT, "already_exists", "external_id " + row.externalId() + " exists");
            }
            jdbc.update(
                    "INSERT INTO binding (auth_no, created_at, updated_at) VALUES (?, ?, ?)"
                            + " ON DUPLICATE KEY UPDATE auth_no = auth_no",
                    row.authNo(),
                    at,
                    at);
            jdbc.update(
                    """
                    INSERT INTO subscription (external_id, auth_no, amount, currency, period, anchor_date,
                                              next_billing_date, trade_name, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                    """,
                    row.externalId(),
                    row.authNo(),
                    row.amount(),
                    row.currency(),
                    row.period().name(),
                    Date.valueOf(row.anchorDate()),
                    Date.valueOf(row.nextBillingDate()),
                    row.tradeName(),
                    at,
                    at);
            audit.record(actor, "CREATE_PENDING_SUBSCRIPTION", "SUBSCRIPTION", row.externalId(), null, row.toString());
            return find(row.externalId()).orElseThrow();
        });
    }

    /** The binding was confirmed GRANTED: its PENDING subscriptions become ACTIVE. Returns how many. */
    public int activatePending(String authNo) {
        return transaction.execute(status -> {
            List<String> pending = jdbc.queryForList(
                    "SELECT external_id FROM subscription WHERE auth_no = ? AND status = 'PENDING' FOR UPDATE",
                    String.class,
                    authNo);
            for (String externalId : pending) {
                jdbc.update(
                        "UPDATE subscription SET status = 'ACTIVE', updated_at = ? WHERE external_id = ?",
                        stamp(),
                        externalId);
                audit.record(
                        "binding-callback",
                        "ACTIVATE_SUBSCRIPTION",
                        "SUBSCRIPTION",
                        externalId,
                        "binding " + authNo + " granted",
                        null);
            }
            return pending.size();
        });
    }

    private static SubscriptionRow row(Create fields, String authNo) {
        List<String> values = new ArrayList<>(List.of(
                text(fields.externalId()),
                text(authNo),
                text(fields.amount()),
                fields.currency() == null ? "TWD" : fields.currency().strip(),
                text(fields.period()),
                text(fields.anchorDate()),
                text(fields.tradeName())));
        values.add(text(fields.nextBillingDate()));
        List<RowError> errors = new ArrayList<>();
        SubscriptionRow row = RowValidator.validate(1, values, errors);
        if (row == null) {
            throw new Refused(
                    Refused.Kind.BAD_REQUEST,
                    "bad_request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        }
        return row;
    }

    /** One subscription with its charges, newest first. */
    public Optional<View> find(String externalId) {
        return view("s.external_id = ?", externalId, true);
    }

    /** Subscriptions by id, of a status and auth_no when given, after the cursor. */
    public Page list(String status, String authNo, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT s.id, s.external_id FROM subscription s WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND s.status = ?");
            args.add(status);
        }
        if (authNo != null) {
            sql.append(" AND s.auth_no = ?");
            args.add(authNo);
        }
        if (cursor != null) {
            sql.append(" AND s.id > ?");
            args.add(Long.parseLong(cursor));
        }
        sql.append(" ORDER BY s.id LIMIT ?");
        args.add(limit + 1);
        List<Object[]> ids =
                jdbc.query(sql.toString(), (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}, args.toArray());
        boolean more = ids.size() > limit;
        List<Object[]> page = more ? ids.subList(0, limit) : ids;
        List<View> views = new ArrayList<>();
        for (Object[] id : page) {
            view("s.id = ?", id[0], false).ifPresent(views::add);
        }
        return new Page(views, more ? page.get(page.size() - 1)[0].toString() : null);
    }

    /**
     * Changes the amount, trade name or next billing date (null: unchanged), checked as a CSV row is. An
     * amount other than the binding's {@code billing_amount} is refused: JKoPay would answer 304.
     */
    public View change(String externalId, String amount, String tradeName, String nextBillingDate, String actor) {
        return transaction.execute(status -> {
            View current = locked(externalId);
            List<String> values = List.of(
                    current.externalId(),
                    current.authNo(),
                    amount == null ? Long.toString(current.amount()) : amount.strip(),
                    current.currency(),
                    current.period(),
                    current.anchorDate().toString(),
                    tradeName == null ? current.tradeName() : tradeName.strip(),
                    nextBillingDate == null ? current.nextBillingDate().toString() : nextBillingDate.strip());
            List<RowError> errors = new ArrayList<>();
            SubscriptionRow row = RowValidator.validate(1, values, errors);
            if (row == null) {
                throw new Refused(
                        Refused.Kind.BAD_REQUEST,
                        "bad_request",
                        errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
            }
            if (amount != null && current.bindingAmount() != null && row.amount() != current.bindingAmount()) {
                throw new Refused(
                        Refused.Kind.CONFLICT,
                        "amount_mismatch",
                        "amount " + row.amount() + " differs from the billing_amount " + current.bindingAmount()
                                + " the customer authorized on binding " + current.authNo()
                                + ": JKoPay would refuse every charge (304); the customer must bind again for a new amount");
            }
            jdbc.update(
                    "UPDATE subscription SET amount = ?, trade_name = ?, next_billing_date = ?, updated_at = ?"
                            + " WHERE external_id = ?",
                    row.amount(),
                    row.tradeName(),
                    Date.valueOf(row.nextBillingDate()),
                    stamp(),
                    externalId);
            audit.record(actor, "CHANGE_SUBSCRIPTION", "SUBSCRIPTION", externalId, null, row.toString());
            return find(externalId).orElseThrow();
        });
    }

    /** ACTIVE or PAST_DUE becomes PAUSED: no charge is created or attempted until it is resumed. */
    public View pause(String externalId, String actor) {
        return pause(externalId, null, actor);
    }

    /** {@link #pause(String, String)} with the operator's reason in the audit row (null: none given). */
    public View pause(String externalId, String reason, String actor) {
        return move(externalId, List.of("ACTIVE", "PAST_DUE"), "PAUSED", "PAUSE_SUBSCRIPTION", reason, actor);
    }

    /** PAUSED becomes ACTIVE. */
    public View resume(String externalId, String actor) {
        return resume(externalId, null, actor);
    }

    /** {@link #resume(String, String)} with the operator's reason in the audit row (null: none given). */
    public View resume(String externalId, String reason, String actor) {
        return move(externalId, List.of("PAUSED"), "ACTIVE", "RESUME_SUBSCRIPTION", reason, actor);
    }

    /**
     * Cancels now (CANCELED, its open charges CANCELED, a {@code subscription.canceled} event) or at the end of
     * the period paid for (no charge for a period from its next billing date on; nightly-billing cancels it then).
     */
    public View cancel(String externalId, boolean now, String reason, String actor) {
        return transaction.execute(status -> {
            View current = locked(externalId);
            if (current.status().equals("CANCELED")) {
                throw new Refused(Refused.Kind.CONFLICT, "already_canceled", externalId + " is already CANCELED");
            }
            if (!now) {
                jdbc.update(
                        "UPDATE subscription SET cancel_at = next_billing_date, updated_at = ? WHERE external_id = ?",
                        stamp(),
                        externalId);
                audit.record(actor, "CANCEL_SUBSCRIPTION_AT_PERIOD_END", "SUBSCRIPTION", externalId, reason, null);
                return find(externalId).orElseThrow();
            }
            cancelNow(externalId, reason == null ? "cancelled by " + actor : reason);
            audit.record(actor, "CANCEL_SUBSCRIPTION", "SUBSCRIPTION", externalId, reason, null);
            return find(externalId).orElseThrow();
        });
    }

    /**
     * Cancels the live subscriptions whose {@code cancel_at} is on or before {@code day} (the end of the period
     * they were cancelled at), each in a transaction of its own with its event. Returns how many.
     */
    public int cancelAtPeriodEnd(LocalDate day) {
        List<String> due = jdbc.queryForList(
                "SELECT external_id FROM subscription WHERE cancel_at IS NOT NULL AND cancel_at <= ?"
                        + " AND status <> 'CANCELED' ORDER BY id",
                String.class,
                day);
        for (String externalId : due) {
            transaction.executeWithoutResult(status -> {
                cancelNow(externalId, "cancelled at the end of the period, as asked");
                audit.record("nightly-billing", "CANCEL_SUBSCRIPTION", "SUBSCRIPTION", externalId, "period end", null);
            });
        }
        return due.size();
    }

    private void cancelNow(String externalId, String reason) {
        long id = jdbc.queryForObject("SELECT id FROM subscription WHERE external_id = ?", Long.class, externalId);
        jdbc.update("UPDATE subscription SET status = 'CANCELED', updated_at = ? WHERE id = ?", stamp(), id);
        // Charges that may have moved money (IN_FLIGHT, UNKNOWN) are left to inquiry.
        jdbc.update(
                "UPDATE charge SET status = 'CANCELED', next_attempt_at = NULL, review_reason = ?, updated_at = ?"
                        + " WHERE subscription_id = ? AND status IN ('DUE', 'RETRY_SCHEDULED', 'NEEDS_REVIEW')",
                "cancelled with its subscription",
                stamp(),
                id);
        outbox.subscriptionChanged(id, EventType.SUBSCRIPTION_CANCELED, reason);
    }

    private View move(String externalId, List<String> from, String to, String action, String reason, String actor) {
        return transaction.execute(status -> {
            View current = locked(externalId);
            if (!from.contains(current.status())) {
                throw new Refused(
                        Refused.Kind.CONFLICT,
                        "not_" + String.join("_or_", from).toLowerCase(java.util.Locale.ROOT),
                        externalId + " is " + current.status() + "; only " + String.join(" or ", from) + " can become "
                                + to);
            }
            jdbc.update(
                    "UPDATE subscription SET status = ?, updated_at = ? WHERE external_id = ?",
                    to,
                    stamp(),
                    externalId);
            audit.record(actor, action, "SUBSCRIPTION", externalId, reason, current.status() + " -> " + to);
            return find(externalId).orElseThrow();
        });
    }

    private View locked(String externalId) {
        List<Long> id = jdbc.queryForList(
                "SELECT id FROM subscription WHERE external_id = ? FOR UPDATE", Long.class, externalId);
        if (id.isEmpty()) {
            throw Refused.notFound(externalId);
        }
        return find(externalId).orElseThrow();
    }

    private Optional<View> view(String where, Object arg, boolean withCharges) {
        List<Object[]> rows =
                jdbc.query("""
                SELECT s.id, s.external_id, s.auth_no, s.amount, s.currency, s.period, s.anchor_date,
                       s.next_billing_date, s.trade_name, s.status, s.cancel_at, b.billing_amount
                FROM subscription s LEFT JOIN binding b ON b.auth_no = s.auth_no WHERE %s
                """.formatted(where), (rs, i) -> new Object[] {rs.getLong(1), rowView(rs)}, arg);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        View v = (View) rows.get(0)[1];
        List<ChargeView> charges = withCharges ? charges((Long) rows.get(0)[0]) : null;
        return Optional.of(new View(
                v.externalId(),
                v.authNo(),
                v.amount(),
                v.currency(),
                v.period(),
                v.anchorDate(),
                v.nextBillingDate(),
                v.tradeName(),
                v.status(),
                v.cancelAt(),
                v.bindingAmount(),
                charges));
    }

    private static View rowView(ResultSet rs) throws SQLException {
        return new View(
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, LocalDate.class),
                rs.getObject(8, LocalDate.class),
                rs.getString(9),
                rs.getString(10),
                rs.getObject(11, LocalDate.class),
                (Long) rs.getObject(12, Long.class),
                null);
    }

    private List<ChargeView> charges(long subscriptionId) {
        return jdbc.query(
                "SELECT id, period_key, billing_date, amount, status, attempts, last_result_code, review_reason, paid_at"
                        + " FROM charge WHERE subscription_id = ? ORDER BY billing_date DESC, id DESC LIMIT 100",
                (rs, i) -> new ChargeView(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, LocalDate.class),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getString(7),
                        rs.getString(8),
                        DbTime.instant(rs, 9)),
                subscriptionId);
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
