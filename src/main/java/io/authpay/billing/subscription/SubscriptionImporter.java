package io.authpay.billing.subscription;

import io.authpay.billing.system.AuditLog;
import java.sql.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the rows of a valid subscription file in one transaction: all of them or none. An
 * {@code external_id} seen before is updated; an {@code auth_no} seen for the first time gets its
 * binding row (status UNKNOWN until the next detail refresh), so the per-auth_no lease always has a
 * row to take.
 */
@Component
public class SubscriptionImporter {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;

    SubscriptionImporter(JdbcTemplate jdbc, TransactionTemplate transaction, AuditLog audit) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
    }

    /** How many rows were new and how many updated an existing subscription. */
    public record Result(int created, int updated) {}

    /**
     * Imports every row, or none if anything fails, and records who imported what.
     *
     * @param source where the rows came from (the file name), for the audit trail
     */
    public Result importAll(List<SubscriptionRow> rows, String actor, String source) {
        return transaction.execute(status -> {
            Set<String> existing = existingExternalIds(rows);
            jdbc.batchUpdate(
                    "INSERT INTO binding (auth_no) VALUES (?) ON DUPLICATE KEY UPDATE auth_no = auth_no",
                    rows.stream().map(r -> new Object[] {r.authNo()}).distinct().toList());
            // next_billing_date never moves backwards on re-import: a period already billed must not
            // come due again.
            jdbc.batchUpdate(
                    """
                    INSERT INTO subscription (external_id, auth_no, amount, currency, period, anchor_date,
                                              next_billing_date, trade_name, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE')
                    ON DUPLICATE KEY UPDATE
                        auth_no = VALUES(auth_no), amount = VALUES(amount), currency = VALUES(currency),
                        period = VALUES(period), anchor_date = VALUES(anchor_date),
                        next_billing_date = GREATEST(next_billing_date, VALUES(next_billing_date)),
                        trade_name = VALUES(trade_name)
                    """,
                    rows.stream()
                            .map(row -> new Object[] {
                                row.externalId(),
                                row.authNo(),
                                row.amount(),
                                row.currency(),
                                row.period().name(),
                                Date.valueOf(row.anchorDate()),
                                Date.valueOf(row.nextBillingDate()),
                                row.tradeName()
                            })
                            .toList());
            int updated = (int)
                    rows.stream().filter(r -> existing.contains(r.externalId())).count();
            Result result = new Result(rows.size() - updated, updated);
            audit.record(actor, "IMPORT_SUBSCRIPTIONS", "FILE", source, null, result.toString());
            return result;
        });
    }

    private Set<String> existingExternalIds(List<SubscriptionRow> rows) {
        Set<String> found = new HashSet<>();
        int batch = 500;
        for (int from = 0; from < rows.size(); from += batch) {
            List<String> ids = rows.subList(from, Math.min(rows.size(), from + batch)).stream()
                    .map(SubscriptionRow::externalId)
                    .toList();
            String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
            found.addAll(jdbc.queryForList(
                    "SELECT external_id FROM subscription WHERE external_id IN (" + marks + ")",
                    String.class,
                    ids.toArray()));
        }
        return found;
    }
}
