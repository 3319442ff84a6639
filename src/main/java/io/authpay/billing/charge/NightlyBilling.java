package io.authpay.billing.charge;

import io.authpay.billing.authpay.BindingDetail;
import io.authpay.billing.authpay.BindingStatus;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.binding.Bindings;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionService;
import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.webhook.EventType;
import io.authpay.billing.webhook.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
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
public class NightlyBilling implements NightlyWork {

    /** The actor of every audit event this class writes. */
    static final String ACTOR = "system:nightly-billing";

    /** Subscriptions read, and charges inserted, per statement (see the batch figures in design.md). */
    static final int BATCH_SIZE = 500;

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
    private final Outbox outbox;
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
            Outbox outbox,
            SubscriptionService subscriptionService) {
        this.outbox = outbox;
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
                        + " status, next_attempt_at) VALUES ");
        List<Object> args = new ArrayList<>(plans.size() * 6);
        for (int i = 0; i < plans.size(); i++) {
            ChargePlan plan = plans.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, 'DUE', ?)");
            args.add(plan.subscriptionId());
            args.add(plan.periodKey().value());
            args.add(plan.billingDate());
            args.add(plan.authNo());
            args.add(plan.amount());
            args.add(plan.tradeName());
            // Created ahead of its day, a charge still waits for its own billing date's window.
            args.add(DbTime.utc(window.openingOn(plan.billingDate())));
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
     * Refreshes with {@code detail} every binding of an ACTIVE or PAST_DUE subscription that was not
     * refreshed within {@link NightlyProperties#bindingRefreshAge()}, and every such binding we hold as
     * cancelled (a run that stopped between storing a cancel and revoking finishes the job next time;
     * {@code Bindings} writes a cancel as {@code CANCEL} or as {@code CANCELLED}, so both are matched).
     * When JKoPay reports the binding cancelled, or does not know it (301), its live subscriptions become
     * AUTH_REVOKED and their open charges CANCELED. A call without a usable answer changes nothing.
     */
    public NightlyRefresh refreshStaleBindings(RunControl control) {
        Instant staleBefore = clock.instant().minus(properties.bindingRefreshAge());
        int refreshed = 0;
        int revoked = 0;
        int failed = 0;
        String afterAuthNo = "";
        while (true) {
            List<String> page = jdbc.queryForList("""
                    SELECT b.auth_no FROM binding b
                    WHERE b.auth_no > ?
                      AND (b.refreshed_at IS NULL OR b.refreshed_at < ? OR b.status = 'CANCELLED')
                      AND EXISTS (SELECT 1 FROM subscription s
                                  WHERE s.auth_no = b.auth_no AND s.status IN ('ACTIVE', 'PAST_DUE'))
                    ORDER BY b.auth_no LIMIT ?
                    """, String.class, afterAuthNo, DbTime.utc(staleBefore), BATCH_SIZE);
            for (String authNo : page) {
                if (control.stopRequested()) {
                    return finish(new NightlyRefresh(refreshed, revoked, failed, true));
                }
                switch (refreshOne(authNo)) {
                    case STORED -> refreshed++;
                    case REVOKED -> {
                        refreshed++;
                        revoked++;
                    }
                    case FAILED -> failed++;
                }
            }
            if (page.size() < BATCH_SIZE) {
                return finish(new NightlyRefresh(refreshed, revoked, failed, false));
            }
            afterAuthNo = page.get(page.size() - 1);
        }
    }

    private static NightlyRefresh finish(NightlyRefresh result) {
        log.info(
                "Nightly billing: {} bindings refreshed, {} revoked, {} detail calls failed{}",
                result.refreshed(),
                result.revoked(),
                result.failed(),
                result.stopped() ? " (stopped before the end)" : "");
        return result;
    }

    private enum Refreshed {
        STORED,
        REVOKED,
        FAILED
    }

    private Refreshed refreshOne(String authNo) {
        GatewayResult<BindingDetail> result = bindingService.refresh(authNo);
        Optional<BindingDetail> detail = result.successValue();
        if (detail.isPresent()) {
            // BindingService stored it already, status included.
            if (detail.get().status() != BindingStatus.CANCELLED) {
                return Refreshed.STORED;
            }
            revoke(authNo, "binding cancelled at JKoPay (detail status cancel)", result.describe(), false);
            return Refreshed.REVOKED;
        }
        if (result instanceof GatewayResult.Answered<BindingDetail> answered
                && answered.resultCode() == ResultCode.INVALID_AUTH_NO) {
            revoke(authNo, "JKoPay does not know this auth_no (detail " + result.describe() + ")", null, true);
            return Refreshed.REVOKED;
        }
        log.warn("Nightly billing: detail of binding {} failed, nothing changed: {}", authNo, result.describe());
        return Refreshed.FAILED;
    }

    /**
     * In one transaction: the binding's ACTIVE and PAST_DUE subscriptions become AUTH_REVOKED, their DUE
     * and RETRY_SCHEDULED charges CANCELED, and the audit event is written. Charges IN_FLIGHT or UNKNOWN
     * are left alone: money may have moved, and only inquiry may settle them.
     */
    private void revoke(String authNo, String reason, String details, boolean markBindingCancelled) {
        transaction.executeWithoutResult(status -> {
            if (markBindingCancelled) {
                bindings.cancelled(authNo, clock.instant());
            }
            List<Long> subscriptions = jdbc.queryForList(
                    "SELECT id FROM subscription WHERE auth_no = ? AND status IN ('ACTIVE', 'PAST_DUE')"
                            + " ORDER BY id FOR UPDATE",
                    Long.class,
                    authNo);
            if (subscriptions.isEmpty()) {
                return;
            }
            String ids = String.join(", ", Collections.nCopies(subscriptions.size(), "?"));
            List<Object> cancelArgs = new ArrayList<>();
            cancelArgs.add(reason);
            cancelArgs.addAll(subscriptions);
            int charges = jdbc.update(
                    "UPDATE charge SET status = 'CANCELED', review_reason = ? WHERE subscription_id IN (" + ids
                            + ") AND status IN ('DUE', 'RETRY_SCHEDULED')",
                    cancelArgs.toArray());
            jdbc.update(
                    "UPDATE subscription SET status = 'AUTH_REVOKED' WHERE id IN (" + ids + ")",
                    subscriptions.toArray());
            for (long subscription : subscriptions) { // webhooks (outbox)
                outbox.subscriptionChanged(subscription, EventType.SUBSCRIPTION_AUTH_REVOKED, reason);
            }
            String summary = subscriptions.size() + " subscriptions AUTH_REVOKED " + subscriptions + ", " + charges
                    + " open charges CANCELED";
            audit.record(
                    ACTOR,
                    "REVOKE_BINDING",
                    "BINDING",
                    authNo,
                    reason,
                    details == null ? summary : summary + "; " + details);
            log.warn("Nightly billing: binding {}: {}: {}", authNo, reason, summary);
        });
    }

    @Override
    public int freeExpiredLeases() {
        return lease.freeExpired();
    }
}
