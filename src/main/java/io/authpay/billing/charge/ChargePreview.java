package io.authpay.billing.charge;

import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.system.BillingProperties;
import io.authpay.billing.system.DbTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Dry runs: what a daily or nightly run would do, read from the database with the runs' own selections
 * ({@link ChargeStore#due}, {@link ChargePlan}), without calling JKoPay or writing a row.
 */
@Component
public class ChargePreview {

    /** Rows listed in full. */
    static final int FIRST_ROWS = 20;

    private final ChargeStore store;
    private final JdbcTemplate jdbc;
    private final BillingWindow window;
    private final CallWindow calls;
    private final Clock clock;
    private final BillingProperties.Charge settings;
    private final NightlyProperties nightly;

    ChargePreview(
            ChargeStore store,
            JdbcTemplate jdbc,
            CallWindow calls,
            Clock clock,
            BillingProperties properties,
            NightlyProperties nightly) {
        this.store = store;
        this.jdbc = jdbc;
        this.window = calls.window();
        this.calls = calls;
        this.clock = clock;
        this.settings = properties.charge();
        this.nightly = nightly;
    }

    /** Charges and TWD of one period and plan (trade name). */
    public record Group(String period, String plan, int charges, long amount) {}

    /** An auth_no with several charges: they go one after another, never at once. */
    public record SharedAuthNo(String authNo, int charges) {}

    /** One charge as the preview lists it. */
    public record Row(
            long chargeId,
            String externalId,
            String authNo,
            String periodKey,
            LocalDate billingDate,
            long amount,
            String tradeName,
            String status,
            int attempts) {}

    /**
     * What {@code daily-billing} would do.
     *
     * @param asOf the instant looked at: now for today, the last moment a call may start for a later date
     * @param windowOpen whether calls may start then (inside the window, with the guard to spare)
     * @param charges charges it would attempt (0 when the window is shut)
     * @param amount their TWD
     * @param dueWaitingForWindow charges due but waiting because the window is shut
     * @param dueLaterToday charges that come due later the same day (retries, the window's opening)
     * @param waitingForLease charges whose auth_no's lease another run or node holds: attempted once it is free
     * @param inquiries UNKNOWN charges it would settle by inquiry first
     */
    public record DailyPreview(
            LocalDate date,
            Instant asOf,
            boolean windowOpen,
            int charges,
            long amount,
            int dueWaitingForWindow,
            int dueLaterToday,
            int waitingForLease,
            int inquiries,
            List<Group> byPeriodAndPlan,
            List<SharedAuthNo> sharedAuthNos,
            List<Row> firstRows) {

        /** The first line of every dry run's answer. */
        public String headline() {
            return "daily-billing dry run for " + date + ": would attempt " + charges + " charges, " + amount + " TWD"
                    + (windowOpen
                            ? ""
                            : " (the billing window is shut at " + asOf + "; " + dueWaitingForWindow
                                    + " due charges wait for it)");
        }
    }

    /**
     * What {@code nightly-billing} would do for {@code date}.
     *
     * @param through charges are created for subscriptions due by this date (the next day)
     * @param charges the DUE charges it would create
     * @param bindingsToRefresh bindings it would ask JKoPay about ({@code detail})
     * @param inquiries UNKNOWN charges it would settle by inquiry
     * @param expiredLeases auth_no leases it would free
     */
    public record NightlyPreview(
            LocalDate date,
            LocalDate through,
            int charges,
            long amount,
            int bindingsToRefresh,
            int inquiries,
            int expiredLeases,
            List<Group> byPeriodAndPlan,
            List<SharedAuthNo> sharedAuthNos,
            List<Row> firstRows) {

        public String headline() {
            return "nightly-billing dry run for " + date + ": would create " + charges + " charges, " + amount
                    + " TWD, and refresh " + bindingsToRefresh + " bindings";
        }
    }

    /** Today in the billing zone. */
    public LocalDate today() {
        return window.dayOf(clock.instant());
    }

    /**
     * The daily run of {@code date} (today when null): for today as of now; for a later day as of its
     * last moment to start a call, with the charges that exist now.
     *
     * @throws IllegalArgumentException for a day already past
     */
    public DailyPreview daily(LocalDate date) {
        Instant now = clock.instant();
        LocalDate today = window.dayOf(now);
        LocalDate day = date == null ? today : date;
        if (day.isBefore(today)) {
            throw new IllegalArgumentException("a dry run looks at today (" + today + ") or a later day, not " + day);
        }
        Instant asOf = day.equals(today) ? now : calls.lastStartOn(day);
        boolean open = calls.mayStartCall(asOf);

        List<Long> dueIds = new ArrayList<>();
        long after = 0;
        while (true) {
            List<ChargeStore.Due> page = store.due(asOf, after, settings.pageSize());
            page.forEach(d -> dueIds.add(d.id()));
            if (page.size() < settings.pageSize()) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        Tally tally = new Tally();
        for (int from = 0; from < dueIds.size(); from += settings.pageSize()) {
            List<Long> ids = dueIds.subList(from, Math.min(dueIds.size(), from + settings.pageSize()));
            jdbc.query(
                    """
                    SELECT c.id, s.external_id, c.auth_no, c.period_key, c.billing_date, c.amount, c.trade_name,
                           c.status, c.attempts, s.period, (b.lock_until IS NOT NULL AND b.lock_until > ?) AS leased
                    FROM charge c JOIN subscription s ON s.id = c.subscription_id
                    LEFT JOIN binding b ON b.auth_no = c.auth_no
                    WHERE c.id IN (%s) ORDER BY c.id
                    """.formatted(String.join(", ", Collections.nCopies(ids.size(), "?"))),
                    rs -> {
                        tally.add(
                                new Row(
                                        rs.getLong(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getObject(5, LocalDate.class),
                                        rs.getLong(6),
                                        rs.getString(7),
                                        rs.getString(8),
                                        rs.getInt(9)),
                                rs.getString(10));
                        if (rs.getBoolean(11)) {
                            tally.leased++;
                        }
                    },
                    concat(DbTime.utc(asOf), ids));
        }
        Long later = jdbc.queryForObject("""
                SELECT COUNT(*) FROM charge c JOIN subscription s ON s.id = c.subscription_id
                WHERE c.status IN ('DUE', 'RETRY_SCHEDULED') AND s.status IN ('ACTIVE', 'PAST_DUE')
                  AND c.next_attempt_at > ? AND c.next_attempt_at <= ?
                """, Long.class, DbTime.utc(asOf), DbTime.utc(window.closingOn(day)));
        int inquiries = 0;
        for (long a = 0; ; ) {
            List<Long> page = store.unknownDue(asOf, a, settings.pageSize());
            inquiries += page.size();
            if (page.size() < settings.pageSize()) {
                break;
            }
            a = page.get(page.size() - 1);
        }
        return new DailyPreview(
                day,
                asOf,
                open,
                open ? tally.count : 0,
                open ? tally.amount : 0,
                open ? 0 : tally.count,
                later == null ? 0 : later.intValue(),
                tally.leased,
                inquiries,
                tally.groups(),
                tally.shared(),
                List.copyOf(tally.first));
    }

    /** The nightly run of {@code date} (today when null). */
    public NightlyPreview nightly(LocalDate date) {
        Instant now = clock.instant();
        LocalDate day = date == null ? window.dayOf(now) : date;
        LocalDate through = day.plusDays(1); // as the nightly job's step does
        Tally tally = new Tally();
        long after = 0;
        while (true) {
            List<Object[]> page = new ArrayList<>();
            long[] last = {after};
            jdbc.query(
                    """
                    SELECT id, external_id, auth_no, amount, period, next_billing_date, trade_name FROM subscription
                    WHERE status = 'ACTIVE' AND next_billing_date <= ? AND id > ?
                      AND (cancel_at IS NULL OR next_billing_date < cancel_at)
                    ORDER BY id LIMIT ?
                    """,
                    rs -> {
                        last[0] = rs.getLong("id");
                        Optional<BillingPeriod> period = BillingPeriod.fromText(rs.getString("period"));
                        if (period.isEmpty()) {
                            return; // the run skips it too (and logs it)
                        }
                        ChargePlan plan = ChargePlan.forNextBillingDate(
                                last[0],
                                period.get(),
                                rs.getObject("next_billing_date", LocalDate.class),
                                rs.getString("auth_no"),
                                rs.getLong("amount"),
                                rs.getString("trade_name"));
                        page.add(new Object[] {
                            plan, rs.getString("external_id"), period.get().name()
                        });
                    },
                    through,
                    after,
                    NightlyBilling.BATCH_SIZE);
            if (last[0] == after) {
                break;
            }
            for (Object[] p : page) {
                ChargePlan plan = (ChargePlan) p[0];
                Integer exists = jdbc.queryForObject(
                        "SELECT COUNT(*) FROM charge WHERE subscription_id = ? AND period_key = ?",
                        Integer.class,
                        plan.subscriptionId(),
                        plan.periodKey().value());
                if (exists != null && exists == 0) {
                    tally.add(
                            new Row(
                                    0,
                                    (String) p[1],
                                    plan.authNo(),
                                    plan.periodKey().value(),
                                    plan.billingDate(),
                                    plan.amount(),
                                    plan.tradeName(),
                                    "DUE",
                                    0),
                            (String) p[2]);
                }
            }
            after = last[0];
        }
        Long refresh = jdbc.queryForObject("""
                SELECT COUNT(*) FROM binding b
                WHERE (b.refreshed_at IS NULL OR b.refreshed_at < ? OR b.status = 'CANCELLED')
                  AND EXISTS (SELECT 1 FROM subscription s
                              WHERE s.auth_no = b.auth_no AND s.status IN ('ACTIVE', 'PAST_DUE'))
                """, Long.class, DbTime.utc(now.minus(nightly.bindingRefreshAge())));
        Long unknown = jdbc.queryForObject(
                "SELECT COUNT(*) FROM charge WHERE status = 'UNKNOWN' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)",
                Long.class,
                DbTime.utc(now));
        Long leases = jdbc.queryForObject(
                "SELECT COUNT(*) FROM binding WHERE lock_until IS NOT NULL AND lock_until < ?",
                Long.class,
                DbTime.utc(now));
        return new NightlyPreview(
                day,
                through,
                tally.count,
                tally.amount,
                refresh == null ? 0 : refresh.intValue(),
                unknown == null ? 0 : unknown.intValue(),
                leases == null ? 0 : leases.intValue(),
                tally.groups(),
                tally.shared(),
                List.copyOf(tally.first));
    }

    private static Object[] concat(Object first, List<Long> rest) {
        Object[] args = new Object[rest.size() + 1];
        args[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            args[i + 1] = rest.get(i);
        }
        return args;
    }

    /** Counts, sums and groups the rows of a preview. */
    private static final class Tally {
        int count;
        long amount;
        int leased;
        final List<Row> first = new ArrayList<>();
        final Map<String, Group> groups = new TreeMap<>();
        final Map<String, Integer> perAuthNo = new TreeMap<>();

        void add(Row row, String period) {
            count++;
            amount += row.amount();
            if (first.size() < FIRST_ROWS) {
                first.add(row);
            }
            groups.merge(
                    period + "\u0000" + row.tradeName(),
                    new Group(period, row.tradeName(), 1, row.amount()),
                    (a, b) -> new Group(a.period(), a.plan(), a.charges() + 1, a.amount() + b.amount()));
            perAuthNo.merge(row.authNo(), 1, Integer::sum);
        }

        List<Group> groups() {
            return List.copyOf(groups.values());
        }

        List<SharedAuthNo> shared() {
            return perAuthNo.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .map(e -> new SharedAuthNo(e.getKey(), e.getValue()))
                    .toList();
        }
    }
}
