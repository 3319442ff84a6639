package io.authpay.billing.charge;

import io.authpay.billing.binding.BindingService;
import io.authpay.billing.binding.Bindings;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionService;
import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.DbTime;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The nightly job's work: creates the charges that fall due, refreshes bindings with {@code detail} and
 * revokes the subscriptions of bindings JKoPay no longer honours. It never calls the transaction
 * endpoint.
 */
@Component
class NightlyBilling implements NightlyWork {

    /** The actor of every audit event this class writes. */
    static final String ACTOR = "system:nightly-billing";

    /**
     * Subscriptions read, and charges inserted, per statement: one multi-row INSERT of 2,000 rows (18,000
     * parameters, well under MySQL's 65,535) costs one round trip and one commit for 2,000 charges.
     */
    static final int BATCH_SIZE = 2000;

    private static final Logger log = LoggerFactory.getLogger(NightlyBilling.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BindingService bindingService;
    private final Bindings bindings;
    private final AuditLog audit;
    private final Clock clock;
    private final NightlyProperties properties;

    private final BillingWindow window;
    private final InquirySettler inquirySettler;
    private final BindingLease lease;
    private final ChargeStore chargeStore;
    private final SubscriptionService subscriptionService;

    NightlyBilling(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            BindingService bindingService,
            Bindings bindings,
            AuditLog audit,
            Clock clock,
            NightlyProperties properties,
            BillingWindow window,
            InquirySettler inquirySettler,
            BindingLease lease,
            ChargeStore chargeStore,
            SubscriptionService subscriptionService) {
        this.chargeStore = chargeStore;
        this.subscriptionService = subscriptionService;
        this.window = window;
        this.inquirySettler = inquirySettler;
        this.lease = lease;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.bindingService = bindingService;
        this.bindings = bindings;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Creates the DUE charge of every ACTIVE subscription whose next billing date is on or before
     * {@code through}, for the period of that date only. A subscription's next billing date moves on only
     * when its charge is paid, so one that is behind catches up one period per run, oldest first. PAST_DUE
     * subscriptions get none: their unpaid period stays FAILED until an operator acts.
     */
    @Override
    public int createDueCharges(LocalDate through) {
        subscriptionService.cancelAtPeriodEnd(through.minusDays(1)); // subscription API: cancel at period end
        int created = 0;
        long afterId = 0;
        while (true) {
            List<ChargePlan> plans = new ArrayList<>(BATCH_SIZE);
            long[] lastId = {afterId};
            jdbc.query(
                    """
                    SELECT id, auth_no, amount, period, next_billing_date, trade_name FROM subscription
                    WHERE status = 'ACTIVE' AND next_billing_date <= ? AND id > ?
                      AND (cancel_at IS NULL OR next_billing_date < cancel_at)
                    ORDER BY id LIMIT ?
                    """,
                    rs -> {
                        lastId[0] = rs.getLong("id");
                        Optional<BillingPeriod> period = BillingPeriod.fromText(rs.getString("period"));
                        if (period.isEmpty()) {
                            // The importer validates periods; one corrupt row must not hold up everyone's charges.
                            log.error(
                                    "Subscription {} has no valid period (\"{}\"): no charge created",
                                    lastId[0],
                                    rs.getString("period"));
                            return;
                        }
                        plans.add(ChargePlan.forNextBillingDate(
                                lastId[0],
                                period.get(),
                                rs.getObject("next_billing_date", LocalDate.class),
                                rs.getString("auth_no"),
                                rs.getLong("amount"),
                                rs.getString("trade_name")));
                    },
                    through,
                    afterId,
                    BATCH_SIZE);
            if (lastId[0] == afterId) {
                break;
            }
            created += insertDue(plans);
            afterId = lastId[0];
        }
        log.info("Nightly billing: {} charges created, due through {}", created, through);
        return created;
    }

    /**
     * One multi-row statement, so the affected-row count is exactly the number inserted whatever the
     * driver does with batches. IGNORE skips the periods that already have their charge (the unique key on
     * subscription and period makes a second run, or two runs at once, harmless). IGNORE would also turn
     * some other errors into warnings, but every value comes from a subscription column of the same type.
     */
    private int insertDue(List<ChargePlan> plans) {
        if (plans.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder(
                "INSERT IGNORE INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name,"
                        + " status, next_attempt_at, created_at, updated_at) VALUES ");
        List<Object> args = new ArrayList<>(plans.size() * 9);
        // IGNORE would turn a missing stamp into a warning and a zero date: every row gets the clock's.
        LocalDateTime now = DbTime.utc(clock.instant());
        for (int i = 0; i < plans.size(); i++) {
            ChargePlan plan = plans.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, 'DUE', ?, ?, ?)");
            args.add(plan.subscriptionId());
            args.add(plan.periodKey().value());
            args.add(plan.billingDate());
            args.add(plan.authNo());
            args.add(plan.amount());
            args.add(plan.tradeName());
            // Created ahead of its day, a charge still waits for its own billing date's window.
            args.add(DbTime.utc(window.openingOn(plan.billingDate())));
            args.add(now);
            args.add(now);
        }
        return jdbc.update(sql.toString(), args.toArray());
    }

    @Override
    public int settleUnknown(RunControl control) {
        return inquirySettler.settleDue(control);
    }

    @Override
    public int refreshBindings(RunControl control) {
        return refreshStaleBindings(control).refreshed();
    }

    /**
     * Refreshes with {@code detail} the bindings of live subscriptions that matter ({@link
     * BindingRefreshRun.Candidate#needsRefresh}), concurrently. When JKoPay reports a binding cancelled, or
     * does not know it (301, 302), its live subscriptions become AUTH_REVOKED and their open charges
     * CANCELED; many 301/302 in a row throw {@link UnknownBindingsException} instead (the step fails). A call
     * without a usable answer changes nothing.
     */
    public NightlyRefresh refreshStaleBindings(RunControl control) {
        return new BindingRefreshRun(jdbc, bindingService, properties, this::revoke, clock.instant()).run(control);
    }

    /**
     * In one transaction: the binding is marked cancelled when asked, and {@link ChargeStore#revoke} (the
     * one revocation) revokes its live subscriptions, cancels their open charges and writes the audit event.
     */
    private void revoke(String authNo, String reason, String details, boolean markBindingCancelled) {
        transaction.executeWithoutResult(status -> {
            if (markBindingCancelled) {
                bindings.cancelled(authNo, clock.instant());
            }
            chargeStore.revoke(authNo, reason, details, ACTOR);
        });
    }

    @Override
    public int freeExpiredLeases() {
        return lease.freeExpired();
    }
}
