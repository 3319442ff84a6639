package io.authpay.billing.bench;

import io.authpay.billing.charge.NightlyWork;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.subscription.SubscriptionRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The benchmarks' data: due subscriptions on bindings granted in the sandbox, and their charges of the day. */
final class BenchSeeds {

    /**
     * What one seeding made.
     *
     * @param afterChargeId the highest charge id before them: their charges are those above it
     * @param authNos the bindings, one per {@code authShare} subscriptions, in order
     */
    record Seeded(long afterChargeId, List<String> authNos) {}

    private BenchSeeds() {}

    /** Seeds {@code count} subscriptions named {@code prefix-i}, {@code authShare} per auth_no, due on {@code day}. */
    static Seeded seed(
            ConfigurableApplicationContext context,
            AuthPaySandbox sandbox,
            LocalDate day,
            String prefix,
            int count,
            int authShare) {
        List<SubscriptionRow> rows = new ArrayList<>();
        List<String> authNos = new ArrayList<>();
        String authNo = null;
        for (int i = 0; i < count; i++) {
            if (i % authShare == 0) {
                authNo = sandbox.bindings().createGranted(100, SandboxCyclePeriod.MONTH, Math.min(7, authShare));
                authNos.add(authNo);
            }
            rows.add(new SubscriptionRow(
                    i + 2, prefix + "-" + i, authNo, 100, "TWD", BillingPeriod.MONTH, day, day, "Bench plan"));
        }
        long before = context.getBean(JdbcTemplate.class)
                .queryForObject("SELECT COALESCE(MAX(id), 0) FROM charge", Long.class);
        context.getBean(SubscriptionImporter.class).importAll(rows, "bench", prefix);
        context.getBean(NightlyWork.class).createDueCharges(day);
        return new Seeded(before, List.copyOf(authNos));
    }
}
