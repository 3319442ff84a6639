package io.authpay.billing.charge;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.InquiryItem;
import io.authpay.billing.authpay.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles charges whose attempt may or may not have moved money, by asking JKoPay's inquiry endpoint and
 * letting {@link ChargePolicy} decide: paid becomes SUCCEEDED (never a new call), proven unpaid may be
 * attempted again, still unknown is asked again later. Used by the daily run before it charges, by the
 * nightly job, and by {@link ChargeProcessor} right after an unknown outcome or a 305.
 */
@Component
class InquirySettler {

    private static final Logger log = LoggerFactory.getLogger(InquirySettler.class);
    private static final int PAGE = 100;

    private final ChargeStore store;
    private final BindingLease lease;
    private final ChargePolicy policy;
    private final ObjectProvider<AuthPayClient> gateway;
    private final Clock clock;
    private final TransactionTemplate withoutTransaction;

    InquirySettler(
            ChargeStore store,
            BindingLease lease,
            ChargePolicy policy,
            ObjectProvider<AuthPayClient> gateway,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.lease = lease;
        this.policy = policy;
        this.gateway = gateway;
        this.clock = clock;
        this.withoutTransaction = ChargeStore.withoutTransaction(transactions);
    }

    /** Hears of every charge that inquiry proved paid. */
    interface PaidListener {
        PaidListener NONE = (charge, paid) -> {};

        /** {@code paid} is the payment inquiry reported. */
        void paid(ChargeRow charge, Transaction paid);
    }

    /**
     * Settles every UNKNOWN charge whose next inquiry is due (first turning charges left IN_FLIGHT by a dead
     * process into UNKNOWN), asking inquiry about up to 20 orders a call. Returns how many charges it
     * moved on (settled, or scheduled to be asked again).
     */
    public int settleDue(RunControl control) {
        // Never inside a caller's transaction: no transaction is held across an inquiry call.
        Integer settled = withoutTransaction.execute(status -> settleDue(control, PaidListener.NONE));
        return settled == null ? 0 : settled;
    }

    int settleDue(RunControl control, PaidListener listener) {
        return settleDue(control, listener, ChargePartition.WHOLE);
    }

    /** {@link #settleDue(RunControl, PaidListener)} of one partition's charges only. */
    int settleDue(RunControl control, PaidListener listener, ChargePartition partition) {
        // One idempotent statement; partitions settling at once while others claim can deadlock on it.
        ChargeStore.retryingDeadlocks(lease::abandonInFlight);
        int settled = 0;
        long afterId = 0;
        while (!control.stopRequested()) {
            List<Long> ids = store.unknownDue(clock.instant(), afterId, PAGE, partition);
            if (ids.isEmpty()) {
                break;
            }
            afterId = ids.get(ids.size() - 1);
            List<Plan> plans = new ArrayList<>();
            for (long id : ids) {
                store.find(id)
                        .filter(c -> c.status() == ChargeStatus.UNKNOWN)
                        .ifPresent(c -> plans.add(plan(c, store.attempts(c.id()))));
            }
            for (List<Plan> chunk : chunks(plans)) {
                if (control.stopRequested()) {
                    break;
                }
                Answers answers = ask(chunk);
                for (Plan plan : chunk) {
                    if (apply(plan, answers, ChargeStatus.UNKNOWN, listener).isPresent()) {
                        settled++;
                    }
                }
            }
        }
        return settled;
    }

    /**
     * Settles one charge at once: after an unknown outcome ({@code expected} UNKNOWN: inquire its
     * unsettled attempts) or after a 305 ({@code expected} RETRY_SCHEDULED: inquire its earlier attempts).
     * Returns the decision applied, or empty when there was nothing to ask or the charge had moved on.
     */
    Optional<ChargeDecision> settleNow(long chargeId, ChargeStatus expected, PaidListener listener) {
        Optional<ChargeRow> charge = store.find(chargeId).filter(c -> c.status() == expected);
        if (charge.isEmpty()) {
            return Optional.empty();
        }
        Plan plan = plan(charge.get(), store.attempts(chargeId));
        if (plan.asked().isEmpty() && expected != ChargeStatus.UNKNOWN) {
            return Optional.empty(); // a 305 with no earlier attempt: the deferral already recorded stands
        }
        return apply(plan, ask(List.of(plan)), expected, listener);
    }

    /** Settles the unsettled attempts of a charge that is about to be attempted again; see {@link #settleNow}. */
    Optional<ChargeDecision> settleBeforeAttempt(ChargeRow charge, List<AttemptRow> attempts, PaidListener listener) {
        Plan plan =
                new Plan(charge, attempts.stream().filter(AttemptRow::unsettled).toList(), false, null);
        return apply(plan, ask(List.of(plan)), charge.status(), listener);
    }

    /**
     * What to ask about a charge. After a 305 (its last attempt), the earlier attempts of the period: one of
     * them may be the payment the quota counted. Otherwise its attempts nobody knows the effect of.
     */
    private Plan plan(ChargeRow charge, List<AttemptRow> attempts) {
        if (attempts.isEmpty()) {
            return new Plan(charge, List.of(), false, null);
        }
        AttemptRow last = attempts.get(attempts.size() - 1);
        if ("CYCLE_QUOTA".equals(last.outcome())) {
            String code = last.resultCode() == null ? "305" : last.resultCode();
            Instant deferredUntil = policy.decide(
                            AttemptOutcome.of(code), charge.counters(0), charge.cycle(), last.requestedAt())
                    .nextAttemptAt();
            return new Plan(charge, attempts.subList(0, attempts.size() - 1), true, deferredUntil);
        }
        List<AttemptRow> unsettled =
                attempts.stream().filter(AttemptRow::unsettled).toList();
        return new Plan(charge, unsettled.isEmpty() ? List.of(last) : unsettled, false, null);
    }

    private Optional<ChargeDecision> apply(Plan plan, Answers answers, ChargeStatus expected, PaidListener listener) {
        ChargeRow charge = plan.charge();
        Instant now = clock.instant();
        List<InquiryVerdict> statuses = new ArrayList<>();
        List<ChargeStore.Settlement> settlements = new ArrayList<>();
        for (AttemptRow attempt : plan.asked()) {
            InquiryItem item = answers.items().get(attempt.platformOrderId());
            InquiryVerdict status = answers.failed()
                    ? InquiryVerdict.INQUIRY_FAILED
                    : policy.believable(status(item), attempt.requestedAt(), now);
            statuses.add(status);
            Transaction paid = status == InquiryVerdict.PAID ? item.transaction() : null;
            settlements.add(new ChargeStore.Settlement(attempt, paid, status.isSettled()));
        }
        ChargeDecision decision = plan.cycleQuota()
                ? policy.settleCycleQuota(statuses, charge.counters(0), plan.deferredUntil(), now)
                : policy.settleInquiry(summarise(statuses), charge.counters(0), now);
        if (!store.settle(charge, expected, settlements, decision, true, now)) {
            log.info("charge {} moved on during its inquiry; the inquiry's answer is dropped", charge.id());
            return Optional.empty();
        }
        if (decision.status() == ChargeStatus.SUCCEEDED) {
            listener.paid(
                    charge,
                    settlements.stream()
                            .map(ChargeStore.Settlement::paid)
                            .filter(p -> p != null)
                            .findFirst()
                            .orElse(null));
        }
        log.info("charge {}: {}", charge.id(), decision.reason());
        return Optional.of(decision);
    }

    /**
     * One answer for a charge whose attempts were asked together: paid if any was paid (that payment is the
     * period's); else still unknown if any is; else what the latest attempt says.
     */
    private static InquiryVerdict summarise(List<InquiryVerdict> statuses) {
        if (statuses.isEmpty()) {
            return InquiryVerdict.UNRECOGNISED;
        }
        if (statuses.contains(InquiryVerdict.PAID)) {
            return InquiryVerdict.PAID;
        }
        return statuses.stream().filter(s -> !s.isSettled()).findFirst().orElse(statuses.get(statuses.size() - 1));
    }

    private static InquiryVerdict status(InquiryItem item) {
        if (item == null) {
            return InquiryVerdict.UNRECOGNISED; // JKoPay left the order out of its answer
        }
        return switch (item.status()) {
            case SUCCESS -> item.transaction() == null ? InquiryVerdict.UNRECOGNISED : InquiryVerdict.PAID;
            case PROCESSING -> InquiryVerdict.PROCESSING;
            case PAYMENT_FAILED -> InquiryVerdict.PAYMENT_FAILED;
            case NOT_PAID -> InquiryVerdict.NOT_PAID_YET;
            case NO_SUCH_ORDER -> InquiryVerdict.NO_SUCH_ORDER;
            case UNRECOGNISED -> InquiryVerdict.UNRECOGNISED;
        };
    }

    private Answers ask(List<Plan> plans) {
        List<String> ids = plans.stream()
                .flatMap(p -> p.asked().stream())
                .map(AttemptRow::platformOrderId)
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return new Answers(false, Map.of());
        }
        GatewayResult<List<InquiryItem>> result;
        try {
            result = gateway.getObject().inquiry(ids);
        } catch (RuntimeException e) {
            log.warn("inquiry of {} orders failed: {}", ids.size(), e.toString());
            return new Answers(true, Map.of());
        }
        Optional<List<InquiryItem>> items = result.successValue();
        if (items.isEmpty()) {
            log.warn("inquiry of {} orders did not answer: {}", ids.size(), result.describe());
            return new Answers(true, Map.of());
        }
        Map<String, InquiryItem> byId = new HashMap<>();
        items.get().forEach(item -> byId.put(item.platformOrderId(), item));
        return new Answers(false, byId);
    }

    /** Groups plans so that one inquiry call names at most 20 orders (a larger plan goes alone). */
    private static List<List<Plan>> chunks(List<Plan> plans) {
        List<List<Plan>> chunks = new ArrayList<>();
        List<Plan> current = new ArrayList<>();
        int size = 0;
        for (Plan plan : plans) {
            int n = plan.asked().size();
            if (!current.isEmpty() && size + n > AuthPayClient.MAX_IDS_PER_INQUIRY) {
                chunks.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(plan);
            size += n;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /**
     * @param asked the attempts to ask about
     * @param cycleQuota whether the charge's last attempt met 305 and {@code asked} are its earlier attempts
     * @param deferredUntil with {@code cycleQuota}, when the 305 deferral lets the charge try again
     */
    private record Plan(ChargeRow charge, List<AttemptRow> asked, boolean cycleQuota, Instant deferredUntil) {}

    /** What one inquiry call said: each order's item, or that the call failed. */
    private record Answers(boolean failed, Map<String, InquiryItem> items) {}
}
