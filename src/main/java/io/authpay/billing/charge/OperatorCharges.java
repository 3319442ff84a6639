package io.authpay.billing.charge;

import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.BillingProperties;
import io.authpay.billing.system.DbTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an operator may do to one charge outside the daily run: charge a subscription's due charge now,
 * through the same {@link ChargeProcessor} and auth_no lease as the run (so never twice, and never beside a
 * run's call on the same auth_no), and resolve a NEEDS_REVIEW charge. Every change is written to the audit
 * log; a refusal changes nothing.
 */
@Component
public class OperatorCharges {

    private final ChargeProcessor processor;
    private final ChargeStore store;
    private final JdbcTemplate jdbc;
    private final CallWindow calls;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    OperatorCharges(
            ChargeProcessor processor,
            ChargeStore store,
            JdbcTemplate jdbc,
            CallWindow calls,
            Clock clock,
            BillingProperties properties,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.processor = processor;
        this.store = store;
        this.jdbc = jdbc;
        this.calls = calls;
        this.clock = clock;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    /** How a NEEDS_REVIEW charge is resolved. */
    public enum Resolution {
        /** Give it up: CANCELED, never charged. */
        CANCEL,
        /** Charge it again: DUE now, for the next run (an unsettled attempt is still asked about first). */
        RETRY
    }

    /**
     * A charge as the operator API shows it.
     *
     * @param id the charge's id
     * @param externalId its subscription's external id
     * @param periodKey the billing period it pays
     * @param billingDate its billing date (Asia/Taipei)
     * @param authNo the binding it is charged to
     * @param amount TWD
     * @param status where it stands
     * @param attempts transaction calls made for it
     * @param lastResultCode the last result code
     * @param lastOutcome the last outcome class
     * @param nextAttemptAt when it may be attempted next, or null
     * @param reviewReason why it stands where it does (the last decision's reason)
     */
    public record ChargeView(
            long id,
            String externalId,
            String periodKey,
            LocalDate billingDate,
            String authNo,
            long amount,
            ChargeStatus status,
            int attempts,
            String lastResultCode,
            String lastOutcome,
            Instant nextAttemptAt,
            String reviewReason) {}

    /**
     * The charge of that id.
     *
     * @throws ChargeActionRefusedException when there is none
     */
    public ChargeView get(long chargeId) {
        return find(chargeId)
                .orElseThrow(
                        () -> refused(ChargeActionRefusedException.Reason.UNKNOWN_CHARGE, "no charge " + chargeId));
    }

    /** The charge of that id. */
    public Optional<ChargeView> find(long chargeId) {
        return jdbc
                .query(
                        """
                        SELECT c.id, s.external_id, c.period_key, c.billing_date, c.auth_no, c.amount, c.status,
                               c.attempts, c.last_result_code, c.last_outcome, c.next_attempt_at, c.review_reason
                        FROM charge c JOIN subscription s ON s.id = c.subscription_id WHERE c.id = ?
                        """,
                        (rs, i) -> new ChargeView(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getObject(4, LocalDate.class),
                                rs.getString(5),
                                rs.getLong(6),
                                ChargeStatus.valueOf(rs.getString(7)),
                                rs.getInt(8),
                                rs.getString(9),
                                rs.getString(10),
                                DbTime.instant(rs, 11),
                                rs.getString(12)),
                        chargeId)
                .stream()
                .findFirst();
    }

    /**
     * Charges the subscription's due charge (its oldest DUE or RETRY_SCHEDULED one) now, and returns it as it
     * stands afterwards: SUCCEEDED, or whatever the result-code policy made of the answer.
     *
     * @throws ChargeActionRefusedException when nothing was sent: no such subscription, nothing due yet,
     *     outside the window, or another charge on its auth_no in flight
     */
    public ChargeView chargeNow(String externalId, String actor, String reason) {
        List<Long> subscription =
                jdbc.queryForList("SELECT id FROM subscription WHERE external_id = ?", Long.class, externalId);
        if (subscription.isEmpty()) {
            throw refused(ChargeActionRefusedException.Reason.UNKNOWN_SUBSCRIPTION, "no subscription " + externalId);
        }
        List<Long> due = jdbc.queryForList(
                "SELECT id FROM charge WHERE subscription_id = ? AND status IN ('DUE', 'RETRY_SCHEDULED')"
                        + " ORDER BY billing_date, id LIMIT 1",
                Long.class,
                subscription.get(0));
        if (due.isEmpty()) {
            throw refused(
                    ChargeActionRefusedException.Reason.NOTHING_DUE,
                    "subscription " + externalId + " has no DUE or RETRY_SCHEDULED charge");
        }
        ChargeRow before = store.find(due.get(0)).orElseThrow();
        Instant now = clock.instant();
        if (!ChargeRow.CHARGEABLE_SUBSCRIPTIONS.contains(before.subscriptionStatus())) {
            throw refused(
                    ChargeActionRefusedException.Reason.NOT_CHARGEABLE,
                    "subscription " + externalId + " is " + before.subscriptionStatus() + "; only ACTIVE and"
                            + " PAST_DUE subscriptions are charged");
        }
        if (before.nextAttemptAt() != null && before.nextAttemptAt().isAfter(now)) {
            throw refused(
                    ChargeActionRefusedException.Reason.NOT_YET_DUE,
                    "charge " + before.id() + " is " + before.status() + " until " + before.nextAttemptAt() + " ("
                            + before.periodKey() + ")");
        }
        if (!calls.mayStartCall(now)) {
            throw refused(ChargeActionRefusedException.Reason.OUTSIDE_WINDOW, calls.shutReason(now));
        }
        ChargeProcessor.Result result = processor.process(before.id(), 0, new ChargeProcessor.RunContext() {
            @Override
            public boolean mayStartCall() {
                return OperatorCharges.this.mayStartCall();
            }

            @Override
            public boolean attempted(AttemptOutcome outcome) {
                return false; // one operator's charge: no run, no breaker
            }

            @Override
            public void paid(long amount) {}
        });
        ChargeView after = find(before.id()).orElseThrow();
        boolean worked = after.attempts() > before.attempts() || after.status() != before.status();
        if (!worked) {
            switch (result.ending()) {
                case NOT_STARTED ->
                    throw refused(
                            ChargeActionRefusedException.Reason.OUTSIDE_WINDOW,
                            "the billing window " + calls + " closed before the call could start");
                case RETRY, LEFT_FOR_NEXT_SWEEP ->
                    throw refused(
                            ChargeActionRefusedException.Reason.BUSY,
                            "another charge on auth_no " + before.authNo() + " is in flight (a run or another"
                                    + " node holds its lease); try again in a minute");
                case NOT_DUE ->
                    throw refused(
                            ChargeActionRefusedException.Reason.NOTHING_DUE,
                            "charge " + before.id() + " was moved on meanwhile; it is " + after.status());
                case DONE -> {}
            }
        }
        audit.record(
                actor,
                "CHARGE_NOW",
                "charge",
                Long.toString(after.id()),
                reason,
                "subscription " + externalId + " period " + after.periodKey() + ": " + before.status() + " -> "
                        + after.status() + (after.lastResultCode() == null ? "" : " (" + after.lastResultCode() + ")"));
        return after;
    }

    /**
     * Resolves a NEEDS_REVIEW charge: {@link Resolution#CANCEL} makes it CANCELED, {@link Resolution#RETRY}
     * DUE now. The change and its audit event commit together.
     *
     * @throws ChargeActionRefusedException when there is no such charge or it is not NEEDS_REVIEW
     */
    public ChargeView resolve(long chargeId, Resolution resolution, String actor, String reason) {
        ChargeStatus target = resolution == Resolution.CANCEL ? ChargeStatus.CANCELED : ChargeStatus.DUE;
        tx.executeWithoutResult(status -> {
            int rows = jdbc.update(
                    "UPDATE charge SET status = ?, next_attempt_at = NULL, review_reason = ?, updated_at = ?"
                            + " WHERE id = ? AND status = 'NEEDS_REVIEW'",
                    target.name(),
                    truncate((resolution == Resolution.CANCEL ? "cancelled" : "set due again") + " by " + actor + ": "
                            + reason),
                    DbTime.utc(clock.instant()),
                    chargeId);
            if (rows != 1) {
                ChargeView now = find(chargeId)
                        .orElseThrow(() ->
                                refused(ChargeActionRefusedException.Reason.UNKNOWN_CHARGE, "no charge " + chargeId));
                throw refused(
                        ChargeActionRefusedException.Reason.NOT_NEEDS_REVIEW,
                        "charge " + chargeId + " is " + now.status() + "; only a NEEDS_REVIEW charge can be resolved");
            }
            audit.record(
                    actor,
                    "RESOLVE_CHARGE",
                    "charge",
                    Long.toString(chargeId),
                    reason,
                    "NEEDS_REVIEW -> " + target + " (" + resolution.name().toLowerCase(java.util.Locale.ROOT) + ")");
        });
        return find(chargeId).orElseThrow();
    }

    private boolean mayStartCall() {
        return calls.mayStartCall(clock.instant());
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static ChargeActionRefusedException refused(ChargeActionRefusedException.Reason reason, String message) {
        return new ChargeActionRefusedException(reason, message);
    }
}
