package io.authpay.billing.demo;

import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.subscription.BillingCalendar;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionRow;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's merchant: a few hundred subscriptions across every period, month-end anchors, family
 * plans sharing one binding, and the trouble a real day brings (declines, a customer who unbound,
 * an amount JKoPay never approved, answers lost to timeouts, busy bindings). Deterministic for a
 * given day and seed.
 */
final class DemoScenario {

    /** Longer than the demo client's response timeout, so these charges end UNKNOWN until inquiry. */
    static final Duration WITHHELD_ANSWER = Duration.ofSeconds(3);

    private static final String[] MERCHANTS = {"街口健身", "晨光咖啡", "雲端相簿", "好讀書店", "Fresh Box"};

    private final AuthPaySandbox sandbox;
    private final LocalDate day;
    private final Random random;
    private final List<SubscriptionRow> rows = new ArrayList<>();
    private int line = 1;

    private DemoScenario(AuthPaySandbox sandbox, LocalDate day, long seed) {
        this.sandbox = sandbox;
        this.day = day;
        this.random = new Random(seed);
    }

    /** Creates the bindings in the sandbox, scripts its faults, and returns the subscriptions to import. */
    static List<SubscriptionRow> seed(AuthPaySandbox sandbox, LocalDate day, long seed) {
        DemoScenario scenario = new DemoScenario(sandbox, day, seed);
        scenario.singles(BillingPeriod.MONTH, 150, new long[] {99, 149, 299, 499});
        scenario.monthEnds(30);
        scenario.singles(BillingPeriod.WEEK, 40, new long[] {59, 79});
        scenario.singles(BillingPeriod.QUARTER, 30, new long[] {399, 899});
        scenario.singles(BillingPeriod.YEAR, 20, new long[] {990, 2990});
        scenario.familyPlans(10, 5);
        scenario.behind(5);
        scenario.trouble();
        return List.copyOf(scenario.rows);
    }

    private void singles(BillingPeriod period, int count, long[] prices) {
        for (int i = 0; i < count; i++) {
            long amount = prices[random.nextInt(prices.length)];
            String authNo = sandbox.bindings().createGranted(amount, cycle(period), 1);
            add(authNo, amount, period, anchorFor(period, 1 + random.nextInt(10)), day);
        }
    }

    /** Anchors on the 29th–31st of earlier months: on a shorter month's last day they bill that day. */
    private void monthEnds(int count) {
        for (int i = 0; i < count; i++) {
            LocalDate month = day.minusMonths(1 + random.nextInt(12));
            LocalDate anchor = month.withDayOfMonth(Math.min(month.lengthOfMonth(), 29 + random.nextInt(3)));
            if (!BillingCalendar.isBillingDate(anchor, BillingPeriod.MONTH, day)) {
                anchor = anchorFor(BillingPeriod.MONTH, 1 + random.nextInt(12));
            }
            String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
            add(authNo, 499, BillingPeriod.MONTH, anchor, day);
        }
    }

    /** Several subscriptions on one binding: charged one at a time, never two in flight. */
    private void familyPlans(int families, int members) {
        for (int f = 0; f < families; f++) {
            String authNo = sandbox.bindings().createGranted(199, SandboxCyclePeriod.MONTH, members);
            for (int m = 0; m < members; m++) {
                add(authNo, 199, BillingPeriod.MONTH, anchorFor(BillingPeriod.MONTH, 3), day);
            }
            if (f == 0) {
                // A burst of 307s on one family's binding, as if the customer paid elsewhere meanwhile.
                sandbox.faults()
                        .resultCode(
                                ResultCode.AUTH_NO_BUSY,
                                FaultTarget.authNo(authNo).times(3));
            }
        }
    }

    /** Subscriptions a period behind: they catch up one period per run, oldest first. */
    private void behind(int count) {
        for (int i = 0; i < count; i++) {
            LocalDate anchor = anchorFor(BillingPeriod.MONTH, 6);
            LocalDate lastMonth = BillingCalendar.billingDate(anchor, BillingPeriod.MONTH, 5);
            String authNo = sandbox.bindings().createGranted(149, SandboxCyclePeriod.MONTH, 1);
            add(authNo, 149, BillingPeriod.MONTH, anchor, lastMonth);
        }
    }

    private void trouble() {
        // JKoPay approved 299 but the plan now costs 399: 304, never retried with the same amount.
        String repriced = sandbox.bindings().createGranted(299, SandboxCyclePeriod.MONTH, 1);
        add(repriced, 399, BillingPeriod.MONTH, anchorFor(BillingPeriod.MONTH, 4), day);
        // The customer unbound in the app: 302, the subscription stops.
        String unbound = sandbox.bindings().createGranted(149, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(unbound);
        add(unbound, 149, BillingPeriod.MONTH, anchorFor(BillingPeriod.MONTH, 7), day);
        // Everyday declines and lost answers, spread over everyone.
        sandbox.faults().resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.fraction(0.03));
        sandbox.faults().resultCode(ResultCode.INSUFFICIENT_BALANCE, FaultTarget.fraction(0.02));
        sandbox.faults().timeoutAfterCharge(WITHHELD_ANSWER, FaultTarget.fraction(0.01));
    }

    /** An anchor {@code periods} periods before the demo day whose schedule lands on the day. */
    private LocalDate anchorFor(BillingPeriod period, int periods) {
        for (int n = periods; n < periods + 24; n++) {
            LocalDate anchor = switch (period) {
                case WEEK -> day.minusWeeks(n);
                case MONTH -> day.minusMonths(n);
                case QUARTER -> day.minusMonths(3L * n);
                case YEAR -> day.minusYears(n);
            };
            if (BillingCalendar.isBillingDate(anchor, period, day)) {
                return anchor;
            }
        }
        return day;
    }

    private void add(String authNo, long amount, BillingPeriod period, LocalDate anchor, LocalDate next) {
        String merchant = MERCHANTS[rows.size() % MERCHANTS.length];
        String plan = switch (period) {
            case WEEK -> "週訂";
            case MONTH -> "月費";
            case QUARTER -> "季費";
            case YEAR -> "年費";
        };
        line++;
        rows.add(new SubscriptionRow(
                line,
                "demo-%04d".formatted(rows.size() + 1),
                authNo,
                amount,
                "TWD",
                period,
                anchor,
                next,
                merchant + " " + plan + "方案"));
    }

    private static SandboxCyclePeriod cycle(BillingPeriod period) {
        return SandboxCyclePeriod.valueOf(period.name());
    }
}
