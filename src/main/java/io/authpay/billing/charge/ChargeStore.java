package io.authpay.billing.charge;

import io.authpay.billing.authpay.RedeemDetail;
import io.authpay.billing.authpay.Transaction;
import io.authpay.billing.subscription.BillingCalendar;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionStatus;
import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.webhook.EventType;
import io.authpay.billing.webhook.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
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

    /** The audit actor of a revocation the charge run makes. */
    static final String RUN_ACTOR = "system:daily-billing";

    /** How the review reason of a charge cancelled by a revocation starts. */
    static final String REVOKED = "revoked: ";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChargeStore.class);
    private static final int MESSAGE_LENGTH = 500;
    private static final int REASON_LENGTH = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SubscriptionStore subscriptions;
    private final AuditLog audit;
    private final BindingLease lease;
    private final Outbox outbox;
    private final AttemptTotals totals;
    private final Clock clock;

    ChargeStore(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            SubscriptionStore subscriptions,
            AuditLog audit,
            BindingLease lease,
            Outbox outbox,
            AttemptTotals totals,
            Clock clock) {
        this.jdbc = jdbc;
        this.totals = totals;
        this.clock = clock;
        this.outbox = outbox;
        this.lease = lease;
        this.subscriptions = subscriptions;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        // Commits of its own even if a caller's transaction is open: an attempt must be durable before its call.
        tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * The {@code created_at}/{@code updated_at} of a row written now: the program's clock (simulated in the
     * demo and tests), never the database server's, which has no default for them (sql/V11).
     */
    private LocalDateTime stamp() {
        return DbTime.utc(clock.instant());
    }

    /** Runs work with any transaction of the caller suspended, so each statement commits on its own. */
    static TransactionTemplate withoutTransaction(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        return template;
    }

    /**
     * A due charge as the daily run queues it, with everything its call needs.
     *
     * @param unsettled whether an earlier attempt is still unsettled: then inquiry comes first, and the
     *     charge takes the per-charge path
     */
    record Due(ChargeRow charge, boolean unsettled) {
        long id() {
            return charge.id();
        }

        String authNo() {
            return charge.authNo();
        }
    }

    /**
     * A page of DUE or RETRY_SCHEDULED charges of chargeable subscriptions whose time has come (NULL = now),
     * by id after {@code afterId}, in one query.
     */
    List<Due> due(Instant now, long afterId, int limit) {
        return due(now, afterId, limit, ChargePartition.WHOLE);
    }

    /** {@link #due(Instant, long, int)} of one partition's auth_nos only. */
    List<Due> due(Instant now, long afterId, int limit, ChargePartition partition) {
        // One status at a time, each in id order from the (status, id) index and stopping after the page:
        // with both statuses in one range MySQL sorted every due charge for every page (a million due
        // charges made each page of the run a full sort).
        List<Object> args = new ArrayList<>();
        StringBuilder page = new StringBuilder();
        for (ChargeStatus status : List.of(ChargeStatus.DUE, ChargeStatus.RETRY_SCHEDULED)) {
            if (!page.isEmpty()) {
                page.append(" UNION ALL ");
            }
            args.add(DbTime.utc(now));
            args.add(afterId);
            String inPartition = partitionCondition(partition, "c.auth_no", args);
            args.add(limit);
            page.append("(SELECT c.id FROM charge c JOIN subscription s ON s.id = c.subscription_id WHERE c.status = '")
                    .append(status.name())
                    .append("' AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= ?) AND s.status IN (")
                    .append(SubscriptionStatus.CHARGEABLE_SQL)
                    .append(") AND c.id > ?")
                    .append(inPartition)
                    .append(" ORDER BY c.id LIMIT ?)");
        }
        args.add(limit);
        return jdbc.query(
                SELECT_CHARGE.replace(
                                "FROM charge c",
                                ", EXISTS (SELECT 1 FROM charge_attempt a WHERE a.charge_id = c.id"
                                        + " AND a.settled_by IS NULL) AS unsettled FROM (" + page + ") page"
                                        + " JOIN charge c ON c.id = page.id")
                        + " ORDER BY c.id LIMIT ?",
                (rs, i) -> new Due(chargeRow(rs, i), rs.getBoolean("unsettled")),
                args.toArray());
    }

    /** The partition's condition on {@code column}, its parameters added to {@code args}; none for the whole. */
    private static String partitionCondition(ChargePartition partition, String column, List<Object> args) {
        if (partition.isWhole()) {
            return "";
        }
        args.add(partition.count());
        args.add(partition.index());
        return partition.condition(column);
    }

    /**
     * A charge claimed for a call: IN_FLIGHT under {@code lease}, its attempt {@code attemptNo} written
     * (committed) with {@code platformOrderId}. {@code charge} is the row as read before the claim.
     */
    record Claimed(ChargeRow charge, int attemptNo, String platformOrderId, BindingLease.Lease lease, Instant at) {}

    /**
     * What one batch claim got.
     *
     * @param claimed charges now IN_FLIGHT with their attempt rows, ready to call
     * @param leaseHeld charges whose auth_no lease another run or node holds: untouched
     * @param moved charges no longer due as read (someone moved them on): untouched, their lease given back
     */
    record Claim(List<Claimed> claimed, List<ChargeRow> leaseHeld, List<ChargeRow> moved) {}

    /**
     * Claims a batch of due charges of distinct auth_nos in ONE transaction: takes the free leases of their
     * auth_nos with a claim token (one statement, reading back what it won), turns a charge some dead
     * process left IN_FLIGHT on a won auth_no into UNKNOWN for inquiry, moves the charges that are still as
     * read to IN_FLIGHT and writes their attempt rows in one multi-row insert. Only after the commit may a
     * call be made: no call without its committed attempt row.
     */
    Claim claim(List<ChargeRow> candidates, Function<ChargeRow, String> platformOrderId, Instant now) {
        if (candidates.stream().map(ChargeRow::authNo).distinct().count() != candidates.size()) {
            throw new IllegalArgumentException("a batch claim takes one charge per auth_no");
        }
        String token = BindingLease.newToken();
        return retryingDeadlocks(() -> tx.execute(status -> {
            Set<String> won = new HashSet<>(
                    lease.acquireAll(candidates.stream().map(ChargeRow::authNo).toList(), token));
            List<ChargeRow> leaseHeld = new ArrayList<>();
            List<ChargeRow> mine = new ArrayList<>();
            for (ChargeRow c : candidates) {
                (won.contains(c.authNo()) ? mine : leaseHeld).add(c);
            }
            if (mine.isEmpty()) {
                return new Claim(List.of(), leaseHeld, List.of());
            }
            int abandoned = lease.abandonInFlight(won);
            if (abandoned > 0) {
                log.warn("{} charges were left in flight by a dead process; inquiry settles them", abandoned);
            }
            // A charge moves only as read: same status and attempt count, still due, its subscription chargeable.
            StringBuilder sql = new StringBuilder("UPDATE charge c FORCE INDEX (PRIMARY) JOIN ("
                    + derived(mine.size(), "? AS id, ? AS attempts, ? AS status", "?, ?, ?")
                    + ") v ON v.id = c.id"
                    + " SET c.status = 'IN_FLIGHT', c.attempts = c.attempts + 1, c.inquiries = 0,"
                    + " c.next_attempt_at = NULL, c.updated_at = ?"
                    + " WHERE c.id IN (" + SubscriptionStore.placeholders(mine.size()) + ")"
                    + " AND c.status = v.status AND c.attempts = v.attempts"
                    + " AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= ?)"
                    + " AND EXISTS (SELECT 1 FROM subscription s WHERE s.id = c.subscription_id"
                    + " AND s.status IN (" + SubscriptionStatus.CHARGEABLE_SQL + "))");
            List<Object> args = new ArrayList<>();
            for (ChargeRow c : mine) {
                args.add(c.id());
                args.add(c.attempts());
                args.add(c.status().name());
            }
            args.add(stamp());
            mine.forEach(c -> args.add(c.id()));
            args.add(DbTime.utc(now));
            jdbc.update(sql.toString(), args.toArray());
            List<Object> ids = new ArrayList<>();
            mine.forEach(c -> ids.add(c.id()));
            Map<Long, Integer> inFlight = new HashMap<>();
            jdbc.query(
                    "SELECT id, attempts FROM charge FORCE INDEX (PRIMARY) WHERE status = 'IN_FLIGHT' AND id IN ("
                            + SubscriptionStore.placeholders(ids.size()) + ")",
                    rs -> {
                        inFlight.put(rs.getLong(1), rs.getInt(2));
                    },
                    ids.toArray());
            List<Claimed> claimed = new ArrayList<>();
            List<ChargeRow> moved = new ArrayList<>();
            List<BindingLease.Lease> giveBack = new ArrayList<>();
            for (ChargeRow c : mine) {
                BindingLease.Lease held = new BindingLease.Lease(c.authNo(), token);
                Integer attempts = inFlight.get(c.id());
                if (attempts != null && attempts == c.attempts() + 1) {
                    int attemptNo = c.attempts() + 1;
                    claimed.add(new Claimed(c, attemptNo, platformOrderId.apply(c), held, now));
                } else {
                    moved.add(c);
                    giveBack.add(held);
                }
            }
            if (!claimed.isEmpty()) {
                List<Object> rows = new ArrayList<>();
                for (Claimed c : claimed) {
                    rows.add(c.charge().id());
                    rows.add(c.attemptNo());
                    rows.add(c.platformOrderId());
                    rows.add(c.charge().authNo());
                    rows.add(c.charge().amount());
                    rows.add(DbTime.utc(now));
                }
                jdbc.update(
                        "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount,"
                                + " requested_at) VALUES "
                                + String.join(", ", Collections.nCopies(claimed.size(), "(?, ?, ?, ?, ?, ?)")),
                        rows.toArray());
            }
            lease.releaseAll(giveBack);
            return new Claim(claimed, leaseHeld, moved);
        }));
    }

    /**
     * Runs a whole transaction again when the database chose it as a deadlock's victim (two claimers or
     * writers meeting on the same rows): the victim was rolled back entirely, so running it again is safe.
     */
    /** Runs {@code transaction}, again (up to five times) when the database chose it as a deadlock's victim. */
    static <T> T retryingDeadlocks(java.util.function.Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
                log.debug("deadlock, running the transaction again (try {})", attempt + 1, e);
                try {
                    Thread.sleep(attempt * 5L);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Takes back a claim whose call was never started (the run stopped, the window closed or the breaker
     * opened between the claim and the call): the attempt row goes, the charge is as it was read, the lease
     * is given back, in one transaction. Nothing was sent, so nothing can have moved money.
     */
    void unclaim(Claimed claimed) {
        ChargeRow c = claimed.charge();
        tx.executeWithoutResult(status -> {
            int rows = jdbc.update(
                    "UPDATE charge SET status = ?, attempts = ?, inquiries = ?, next_attempt_at = ?, updated_at = ?"
                            + " WHERE id = ? AND status = 'IN_FLIGHT' AND attempts = ?",
                    c.status().name(),
                    c.attempts(),
                    c.inquiries(),
                    DbTime.utc(c.nextAttemptAt()),
                    stamp(),
                    c.id(),
                    claimed.attemptNo());
            if (rows == 1) {
                jdbc.update(
                        "DELETE FROM charge_attempt WHERE platform_order_id = ? AND outcome IS NULL",
                        claimed.platformOrderId());
            }
            lease.releaseAll(List.of(claimed.lease()));
        });
    }

    /** One answered call of the common path (paid, or a plain decline) and the decision it led to. */
    record Completion(Claimed claimed, AttemptResult result, ChargeDecision decision) {}

    /**
     * The group commit of the common path: records many answered calls in ONE transaction of a few
     * statements (attempts, charges, subscriptions, lease release), each a single statement for the whole
     * group. As {@link #complete}, a charge no longer IN_FLIGHT under its attempt (its lease expired and it
     * went to inquiry) gets its attempt recorded but not the decision. Returns the ids of the charges whose
     * decision was applied.
     *
     * <p>A crash after the answers and before this commit leaves their attempts without outcome and their
     * charges IN_FLIGHT: exactly the state of a crash during a call. Their leases expire, the next run's
     * {@link BindingLease#freeExpired} turns the charges UNKNOWN, and inquiry settles them; nothing is
     * charged again blindly.
     */
    Set<Long> completeAll(List<Completion> group) {
        // Every statement of a claim and of a group commit names the unique index it looks its rows up by. Left
        // to choose, the optimizer sometimes read "status = 'IN_FLIGHT'" or "outcome IS NULL" as the most
        // selective condition (few rows are in flight among 100,000) and scanned every row in flight, locking the
        // rows of the other partitions' writers: deadlocks that outlasted five tries and left answered charges to
        // inquiry (bench --full-day, 100,000 subscriptions at C=256: 69 of them).
        if (group.isEmpty()) {
            return Set.of();
        }
        return retryingDeadlocks(() -> tx.execute(status -> {
            List<Object> ids = new ArrayList<>();
            group.forEach(g -> ids.add(g.claimed().charge().id()));
            Map<Long, Integer> inFlight = new HashMap<>();
            jdbc.query(
                    "SELECT id, attempts FROM charge FORCE INDEX (PRIMARY) WHERE status = 'IN_FLIGHT' AND id IN ("
                            + SubscriptionStore.placeholders(ids.size()) + ") FOR UPDATE",
                    rs -> {
                        inFlight.put(rs.getLong(1), rs.getInt(2));
                    },
                    ids.toArray());
            List<Completion> applied = group.stream()
                    .filter(g -> Integer.valueOf(g.claimed().attemptNo())
                            .equals(inFlight.get(g.claimed().charge().id())))
                    .toList();
            Set<Long> appliedIds = new HashSet<>();
            applied.forEach(g -> appliedIds.add(g.claimed().charge().id()));
            if (!applied.isEmpty()) {
                updateCharges(applied);
            }
            totals.change(
                    AttemptTotals.Attempts.byPlatformOrderIds(group.stream()
                            .map(g -> g.claimed().platformOrderId())
                            .toList()),
                    () -> updateAttempts(group, appliedIds));
            List<Completion> paid = applied.stream()
                    .filter(g -> g.decision().subscriptionEffect() == SubscriptionEffect.ADVANCE)
                    .toList();
            subscriptions.advanceAll(paid.stream()
                    .map(g -> Map.entry(
                            g.claimed().charge().subscriptionId(),
                            BillingCalendar.nextBillingDate(
                                    g.claimed().charge().anchorDate(),
                                    g.claimed().charge().subscriptionPeriod(),
                                    g.claimed().charge().billingDate())))
                    .toList());
            // A final failure is rare: one subscription at a time, so that its event names what changed.
            applied.stream()
                    .filter(g -> g.decision().subscriptionEffect() == SubscriptionEffect.PAST_DUE)
                    .forEach(g -> pastDue(
                            g.claimed().charge().subscriptionId(), g.decision().reason()));
            // webhooks (outbox): each outcome's event commits with the outcome
            Map<Long, String> reached = new LinkedHashMap<>();
            applied.forEach(g ->
                    reached.put(g.claimed().charge().id(), g.decision().status().name()));
            outbox.chargesReached(reached);
            if (applied.stream().anyMatch(g -> g.decision().subscriptionEffect() == SubscriptionEffect.AUTH_REVOKED)) {
                throw new IllegalArgumentException("a revocation is never group-committed");
            }
            lease.releaseAll(group.stream().map(g -> g.claimed().lease()).toList());
            return appliedIds;
        }));
    }

    private void updateCharges(List<Completion> applied) {
        List<Object> args = new ArrayList<>();
        for (Completion g : applied) {
            ChargeDecision d = g.decision();
            Transaction paid = g.result().paid();
            boolean succeeded = d.status() == ChargeStatus.SUCCEEDED;
            args.add(g.claimed().charge().id());
            args.add(g.claimed().attemptNo());
            args.add(d.status().name());
            args.add(DbTime.utc(d.nextAttemptAt()));
            args.add(d.dunningAttemptConsumed() ? 1 : 0);
            args.add(truncate(g.result().resultCode(), 8));
            args.add(g.result().outcome().outcomeClass().name());
            args.add(truncate(d.reason(), REASON_LENGTH));
            args.add(succeeded && paid != null ? paid.tradeNo() : null);
            args.add(
                    succeeded
                            ? DbTime.utc(
                                    paid != null && paid.transTime() != null
                                            ? paid.transTime()
                                            : g.result().completedAt())
                            : null);
        }
        args.add(stamp());
        applied.forEach(g -> args.add(g.claimed().charge().id()));
        jdbc.update(
                "UPDATE charge c FORCE INDEX (PRIMARY) JOIN ("
                        + derived(
                                applied.size(),
                                "? AS id, ? AS attempts, ? AS status, CAST(? AS DATETIME(6)) AS next_at, ? AS dunning,"
                                        + " ? AS code, ? AS outcome, ? AS reason, ? AS trade_no,"
                                        + " CAST(? AS DATETIME(6)) AS paid_at",
                                "?, ?, ?, CAST(? AS DATETIME(6)), ?, ?, ?, ?, ?, CAST(? AS DATETIME(6))")
                        + ") v ON v.id = c.id"
                        + " SET c.status = v.status, c.next_attempt_at = v.next_at,"
                        + " c.dunning_attempts = c.dunning_attempts + v.dunning, c.last_result_code = v.code,"
                        + " c.last_outcome = v.outcome, c.review_reason = v.reason,"
                        + " c.trade_no = COALESCE(v.trade_no, c.trade_no), c.paid_at = COALESCE(v.paid_at, c.paid_at),"
                        + " c.updated_at = ?"
                        + " WHERE c.id IN (" + SubscriptionStore.placeholders(applied.size()) + ")"
                        + " AND c.status = 'IN_FLIGHT' AND c.attempts = v.attempts",
                args.toArray());
    }

    private void updateAttempts(List<Completion> group, Set<Long> appliedIds) {
        List<Object> args = new ArrayList<>();
        for (Completion g : group) {
            AttemptResult r = g.result();
            Transaction paid = r.paid();
            args.add(g.claimed().platformOrderId());
            args.add(r.outcome().outcomeClass().name());
            args.add(truncate(r.resultCode(), 8));
            args.add(truncate(r.message(), MESSAGE_LENGTH));
            args.add(truncate(r.unknownReason(), 32));
            args.add(paid == null ? null : paid.tradeNo());
            args.add(paid == null ? null : paid.finalPrice());
            args.add(paid == null ? null : paid.debitAmount());
            args.add(paid == null ? null : paid.redeemAmount());
            args.add(redeemed(paid, RedeemDetail::jkoCoinAmount));
            args.add(redeemed(paid, RedeemDetail::officialCouponAmount));
            args.add(redeemed(paid, RedeemDetail::storeCouponAmount));
            args.add(paid == null ? null : DbTime.utc(paid.transTime()));
            args.add(appliedIds.contains(g.claimed().charge().id()) && r.settled() ? "RESPONSE" : null);
            args.add(DbTime.utc(r.completedAt()));
            args.add((int) Math.min(Integer.MAX_VALUE, r.latencyMs()));
        }
        group.forEach(g -> args.add(g.claimed().platformOrderId()));
        jdbc.update(
                "UPDATE charge_attempt a FORCE INDEX (uk_charge_attempt_platform_order_id) JOIN ("
                        + derived(
                                group.size(),
                                "? AS poid, ? AS outcome, ? AS code, ? AS message, ? AS unknown_reason, ? AS trade_no,"
                                        + " ? AS final_price, ? AS debit_amount, ? AS redeem_amount, ? AS coins,"
                                        + " ? AS official_coupons, ? AS store_coupons,"
                                        + " CAST(? AS DATETIME(6)) AS trans_time, ? AS settled_by,"
                                        + " CAST(? AS DATETIME(6)) AS completed_at, ? AS latency_ms",
                                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS DATETIME(6)), ?, CAST(? AS DATETIME(6)), ?")
                        + ") v ON a.platform_order_id = v.poid"
                        + " SET a.result_code = v.code, a.result_message = v.message,"
                        + " a.unknown_reason = v.unknown_reason, a.trade_no = v.trade_no,"
                        + " a.final_price = v.final_price, a.debit_amount = v.debit_amount,"
                        + " a.redeem_amount = v.redeem_amount, a.jko_coin_amount = v.coins,"
                        + " a.official_coupon_amount = v.official_coupons, a.store_coupon_amount = v.store_coupons,"
                        + " a.trans_time = v.trans_time,"
                        + " a.settled_by = v.settled_by, a.completed_at = v.completed_at,"
                        + " a.latency_ms = v.latency_ms, a.outcome = v.outcome"
                        + " WHERE a.platform_order_id IN (" + SubscriptionStore.placeholders(group.size()) + ")"
                        + " AND a.outcome IS NULL",
                args.toArray());
    }

    /** A derived table of {@code rows} rows: the first names the columns, the others only bind values. */
    private static String derived(int rows, String first, String others) {
        StringBuilder sql = new StringBuilder("SELECT ").append(first);
        for (int i = 1; i < rows; i++) {
            sql.append(" UNION ALL SELECT ").append(others);
        }
        return sql.toString();
    }

    /** A page of the ids of UNKNOWN charges whose next inquiry is due, after {@code afterId}. */
    List<Long> unknownDue(Instant now, long afterId, int limit) {
        return unknownDue(now, afterId, limit, ChargePartition.WHOLE);
    }

    /** {@link #unknownDue(Instant, long, int)} of one partition's auth_nos only. */
    List<Long> unknownDue(Instant now, long afterId, int limit, ChargePartition partition) {
        List<Object> args = new ArrayList<>(List.of(DbTime.utc(now), afterId));
        String inPartition = partitionCondition(partition, "auth_no", args);
        args.add(limit);
        return jdbc.queryForList(
                "SELECT id FROM charge WHERE status = 'UNKNOWN' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                        + " AND id > ?" + inPartition + " ORDER BY id LIMIT ?",
                Long.class,
                args.toArray());
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
                    "UPDATE charge SET status = 'IN_FLIGHT', attempts = ?, inquiries = 0, next_attempt_at = NULL,"
                            + " updated_at = ? WHERE id = ? AND status = ? AND attempts = ?",
                    attemptNo,
                    stamp(),
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
            totals.change(
                    AttemptTotals.Attempts.byPlatformOrderIds(List.of(attempt.platformOrderId())),
                    () -> jdbc.update(
                            """
                    UPDATE charge_attempt SET outcome = ?, result_code = ?, result_message = ?, unknown_reason = ?,
                        trade_no = ?, final_price = ?, debit_amount = ?, redeem_amount = ?, jko_coin_amount = ?,
                        official_coupon_amount = ?, store_coupon_amount = ?, trans_time = ?,
                        settled_by = ?, completed_at = ?, latency_ms = ?
                    WHERE platform_order_id = ? AND outcome IS NULL
                    """,
                            result.outcome().outcomeClass().name(),
                            truncate(result.resultCode(), 8),
                            truncate(result.message(), MESSAGE_LENGTH),
                            truncate(result.unknownReason(), 32),
                            paid == null ? null : paid.tradeNo(),
                            paid == null ? null : paid.finalPrice(),
                            paid == null ? null : paid.debitAmount(),
                            paid == null ? null : paid.redeemAmount(),
                            redeemed(paid, RedeemDetail::jkoCoinAmount),
                            redeemed(paid, RedeemDetail::officialCouponAmount),
                            redeemed(paid, RedeemDetail::storeCouponAmount),
                            paid == null ? null : DbTime.utc(paid.transTime()),
                            applied == 1 && result.settled() ? "RESPONSE" : null,
                            DbTime.utc(result.completedAt()),
                            (int) Math.min(Integer.MAX_VALUE, result.latencyMs()),
                            attempt.platformOrderId()));
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
                if (settlement.paid() != null || settlement.settles()) {
                    totals.change(
                            AttemptTotals.Attempts.byId(settlement.attempt().id()),
                            () -> settleAttempt(settlement, now));
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

    /** Writes what inquiry said of one attempt: paid, or proven not to have taken money. */
    private void settleAttempt(Settlement settlement, Instant now) {
        Transaction p = settlement.paid();
        if (p != null) {
            jdbc.update(
                    """
                    UPDATE charge_attempt SET outcome = 'SUCCEEDED', trade_no = ?, final_price = ?,
                        debit_amount = ?, redeem_amount = ?, jko_coin_amount = ?, official_coupon_amount = ?,
                        store_coupon_amount = ?, trans_time = ?, settled_by = 'INQUIRY',
                        completed_at = COALESCE(completed_at, ?)
                    WHERE id = ?
                    """,
                    p.tradeNo(),
                    p.finalPrice(),
                    p.debitAmount(),
                    p.redeemAmount(),
                    redeemed(p, RedeemDetail::jkoCoinAmount),
                    redeemed(p, RedeemDetail::officialCouponAmount),
                    redeemed(p, RedeemDetail::storeCouponAmount),
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
                        + " trade_no = COALESCE(?, trade_no), paid_at = COALESCE(?, paid_at), updated_at = ?"
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
                stamp(),
                chargeId,
                expected.name(),
                expectedAttempts);
    }

    private void applySubscriptionEffect(ChargeRow charge, ChargeDecision decision) {
        switch (decision.subscriptionEffect()) {
            case NONE -> {}
            case ADVANCE ->
                subscriptions.advance(
                        charge.subscriptionId(),
                        BillingCalendar.nextBillingDate(
                                charge.anchorDate(), charge.subscriptionPeriod(), charge.billingDate()));
            case PAST_DUE -> pastDue(charge.subscriptionId(), decision.reason());
            case AUTH_REVOKED -> revoke(charge.authNo(), decision.reason(), null, RUN_ACTOR);
        }
    }

    /**
     * The one revocation of a binding, for the charge run (a 301/302 answer) and the nightly refresh alike;
     * joins the caller's transaction. Every ACTIVE and PAST_DUE subscription of the binding becomes
     * AUTH_REVOKED, their DUE and RETRY_SCHEDULED charges CANCELED (marked with {@link #REVOKED}, so that
     * {@link #reopenRevoked} can undo it), and one audit event says so. Charges IN_FLIGHT or UNKNOWN are
     * left alone: money may have moved, and only inquiry may settle them. Returns how many subscriptions
     * were revoked.
     */
    int revoke(String authNo, String reason, String details, String actor) {
        List<Long> revoked = subscriptions.revokeChargeable(authNo);
        if (revoked.isEmpty()) {
            return 0;
        }
        for (long subscription : revoked) { // webhooks (outbox)
            outbox.subscriptionChanged(subscription, EventType.SUBSCRIPTION_AUTH_REVOKED, reason);
        }
        List<Object> args = new java.util.ArrayList<>();
        args.add(truncate(REVOKED + reason, REASON_LENGTH));
        args.add(stamp());
        args.addAll(revoked);
        int charges = jdbc.update(
                "UPDATE charge SET status = 'CANCELED', next_attempt_at = NULL, review_reason = ?, updated_at = ?"
                        + " WHERE subscription_id IN (" + SubscriptionStore.placeholders(revoked.size())
                        + ") AND status IN ('DUE', 'RETRY_SCHEDULED')",
                args.toArray());
        String summary =
                revoked.size() + " subscriptions AUTH_REVOKED " + revoked + ", " + charges + " open charges CANCELED";
        audit.record(
                actor,
                "REVOKE_BINDING",
                "BINDING",
                authNo,
                reason,
                details == null ? summary : summary + "; " + details);
        log.warn("binding {}: {}: {}", authNo, reason, summary);
        return revoked.size();
    }

    /** An ACTIVE subscription becomes PAST_DUE, with its event. */
    private void pastDue(long subscriptionId, String reason) {
        if (subscriptions.pastDue(subscriptionId) == 1) { // webhooks (outbox)
            outbox.subscriptionChanged(subscriptionId, EventType.SUBSCRIPTION_PAST_DUE, reason);
        }
    }

    /**
     * Undoes {@link #revoke} for one subscription, joining the caller's transaction: its charges that the
     * revocation cancelled, and the charge whose 301/302 answer revoked it, are DUE again (their attempts
     * stay; the next attempt gets the next number). Returns how many.
     */
    int reopenRevoked(long subscriptionId, String reason) {
        return jdbc.update(
                "UPDATE charge SET status = 'DUE', next_attempt_at = NULL, review_reason = ?, updated_at = ?"
                        + " WHERE subscription_id = ? AND status = 'CANCELED'"
                        + " AND (last_outcome = 'AUTH_REVOKED' OR review_reason LIKE ?)",
                truncate(reason, REASON_LENGTH),
                stamp(),
                subscriptionId,
                REVOKED + "%");
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

    /** One amount of a payment's redeem_detail, or NULL when there is no payment or it came without one. */
    private static Long redeemed(Transaction paid, ToLongFunction<RedeemDetail> part) {
        return paid == null || paid.redeemDetail() == null ? null : part.applyAsLong(paid.redeemDetail());
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    /** This database's random id (sql/V4), part of every platform_order_id. */
    String installationId() {
        return jdbc.queryForObject("SELECT id FROM installation", String.class);
    }
}
