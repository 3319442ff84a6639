package io.authpay.billing.cli;

import io.authpay.billing.charge.ChargePreview;
import io.authpay.billing.report.TextTable;
import java.io.PrintWriter;
import java.util.List;

/** The text of {@code run JOB --dry-run}: the headline first, then the groups and the first rows. */
final class DryRunText {

    private DryRunText() {}

    static void print(ChargePreview.DailyPreview p, PrintWriter out) {
        out.println(p.headline());
        out.println("as of " + p.asOf() + "; " + p.inquiries() + " UNKNOWN charges would be settled by inquiry first;"
                + " " + p.dueLaterToday() + " more come due later that day; " + p.waitingForLease()
                + " wait for a lease another run or node holds");
        common(p.byPeriodAndPlan(), p.sharedAuthNos(), p.firstRows(), out);
    }

    static void print(ChargePreview.NightlyPreview p, PrintWriter out) {
        out.println(p.headline());
        out.println("due through " + p.through() + "; " + p.inquiries()
                + " UNKNOWN charges would be settled by inquiry; " + p.expiredLeases() + " expired leases freed");
        common(p.byPeriodAndPlan(), p.sharedAuthNos(), p.firstRows(), out);
    }

    private static void common(
            List<ChargePreview.Group> groups,
            List<ChargePreview.SharedAuthNo> shared,
            List<ChargePreview.Row> rows,
            PrintWriter out) {
        if (!groups.isEmpty()) {
            TextTable table = new TextTable("period", "plan", "charges", "TWD");
            groups.forEach(g -> table.row(g.period(), g.plan(), g.charges(), g.amount()));
            out.println();
            out.print(table.render());
        }
        if (!shared.isEmpty()) {
            out.println();
            out.println("shared auth_nos (their charges go one after another): " + shared.size());
            shared.stream().limit(20).forEach(s -> out.println("  " + s.authNo() + ": " + s.charges() + " charges"));
        }
        if (!rows.isEmpty()) {
            TextTable table = new TextTable(
                    "charge", "external_id", "auth_no", "period", "billing_date", "TWD", "status", "attempts");
            rows.forEach(r -> table.row(
                    r.chargeId() == 0 ? "(new)" : r.chargeId(),
                    r.externalId(),
                    r.authNo(),
                    r.periodKey(),
                    r.billingDate(),
                    r.amount(),
                    r.status(),
                    r.attempts()));
            out.println();
            out.println("first " + rows.size() + ":");
            out.print(table.render());
        }
        out.println("(dry run: nothing was sent to JKoPay and nothing was written)");
    }
}
