package io.authpay.billing.subscription;

import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.DbTime;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the rows of a valid subscription file in one transaction, {@value #BATCH} rows per statement: all
 * of them or none. An {@code external_id} seen before is updated, and what changes is said: a changed
 * anchor or period puts {@code next_billing_date} on the new schedule (its first date on or after the
 * current one, so no period is charged twice), and is refused while the subscription has an open charge.
 * An {@code auth_no} seen for the first time gets its binding row (status UNKNOWN until the next detail
 * refresh), so the per-auth_no lease always has a row to take.
 */
@Component
public class SubscriptionImporter {

    /** Rows compared and written per statement. */
    static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final Clock clock;

    SubscriptionImporter(JdbcTemplate jdbc, TransactionTemplate transaction, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What an import did, or would do.
     *
     * @param created rows that were new
     * @param updated rows that changed an existing subscription
     * @param rescheduled of those, rows whose anchor or period change moved the next billing date
     * @param unchanged rows equal to the subscription already there
     * @param refused rows that may not be imported, and why; when there are any, nothing was written
     */
    public record Result(int created, int updated, int rescheduled, int unchanged, List<RowError> refused) {

        public Result(int created, int updated) {
            this(created, updated, 0, 0, List.of());
        }
    }

    /** Where the rows come from; read once more inside the transaction, so a file is never held in memory. */
    @FunctionalInterface
    public interface Rows {
        /** Hands every row to {@code each}; an invalid result means the source changed and nothing may be kept. */
        SubscriptionCsvResult read(Consumer<SubscriptionRow> each) throws Exception;

        static Rows of(List<SubscriptionRow> rows) {
            return each -> {
                rows.forEach(each);
                return SubscriptionCsvResult.valid(rows.size());
            };
        }

        static Rows of(Path file) {
            return each -> SubscriptionCsv.read(file, each);
        }
    }

    /** Imports every row, or none if anything fails, and records who imported what. */
    public Result importAll(List<SubscriptionRow> rows, String actor, String source) {
        return importRows(Rows.of(rows), actor, source, false, change -> {});
    }

    /**
     * Imports every row, or none if any row is refused or anything fails, and records who imported what.
     *
     * @param source where the rows came from (the file name), for the audit trail
     * @param dryRun compare only: nothing is written
     * @param changes told one line per existing subscription the import changes
     */
    public Result importRows(Rows rows, String actor, String source, boolean dryRun, Consumer<String> changes) {
        return transaction.execute(status -> {
            Load load = new Load(dryRun, changes);
            SubscriptionCsvResult read;
            try {
                read = rows.read(load::add);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + source + " again: " + e.getMessage(), e);
            }
            if (!read.isValid()) {
                throw new IllegalStateException(source + " changed while it was imported: " + read.format());
            }
            load.flush();
            Result result = load.result();
            if (dryRun || !result.refused().isEmpty()) {
                status.setRollbackOnly();
            } else {
                audit.record(actor, "IMPORT_SUBSCRIPTIONS", "FILE", source, null, summary(result));
            }
            return result;
        });
    }

    private static String summary(Result result) {
        return result.created() + " new, " + result.updated() + " updated (" + result.rescheduled() + " rescheduled), "
                + result.unchanged() + " unchanged";
    }

    /** A subscription as stored, with the period of an open charge if it has one. */
    private record Existing(
            String authNo,
            long amount,
            String currency,
            String period,
            LocalDate anchorDate,
            LocalDate nextBillingDate,
            String tradeName,
            String openCharge) {}

    /** The rows of one transaction, compared and written a batch at a time. */
    private final class Load {
        private final boolean dryRun;
        private final Consumer<String> changes;
        private final List<SubscriptionRow> batch = new ArrayList<>(BATCH);
        private final List<RowError> refused = new ArrayList<>();
        private int created;
        private int updated;
        private int rescheduled;
        private int unchanged;

        Load(boolean dryRun, Consumer<String> changes) {
            this.dryRun = dryRun;
            this.changes = changes;
        }

        void add(SubscriptionRow row) {
            batch.add(row);
            if (batch.size() == BATCH) {
                flush();
            }
        }

        Result result() {
            return new Result(created, updated, rescheduled, unchanged, List.copyOf(refused));
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            Map<String, Existing> existing = existing(batch);
            List<Object[]> writes = new ArrayList<>(batch.size());
            for (SubscriptionRow row : batch) {
                Existing before = existing.get(row.externalId());
                if (before == null) {
                    created++;
                    writes.add(values(row, row.nextBillingDate()));
                    continue;
                }
                LocalDate next = compare(row, before);
                if (next != null) {
                    writes.add(values(row, next));
                }
            }
            // After a refusal nothing is written: the transaction is rolled back, only the comparing goes on.
            if (!dryRun && refused.isEmpty() && !writes.isEmpty()) {
                write(writes);
            }
            batch.clear();
        }

        /** The next billing date to write, or null when the row changes nothing or is refused. */
        private LocalDate compare(SubscriptionRow row, Existing before) {
            boolean newSchedule = !row.period().name().equals(before.period())
                    || !row.anchorDate().equals(before.anchorDate());
            // Never backwards on re-import: a period already billed must not come due again.
            LocalDate from = max(before.nextBillingDate(), row.nextBillingDate());
            LocalDate next = newSchedule ? onOrAfter(row.anchorDate(), row.period(), from) : from;
            List<String> diff = new ArrayList<>();
            change(diff, "auth_no", before.authNo(), row.authNo());
            change(diff, "amount", before.amount(), row.amount());
            change(diff, "currency", before.currency(), row.currency());
            change(diff, "period", before.period(), row.period().name());
            change(diff, "anchor_date", before.anchorDate(), row.anchorDate());
            change(diff, "trade_name", RowValidator.quote(before.tradeName()), RowValidator.quote(row.tradeName()));
            if (!next.equals(before.nextBillingDate())) {
                diff.add("next_billing_date " + before.nextBillingDate() + " -> " + next
                        + (newSchedule ? " (the new schedule's first date on or after " + from + ")" : ""));
            }
            if (diff.isEmpty()) {
                unchanged++;
                return null;
            }
            if (newSchedule && before.openCharge() != null) {
                refused.add(new RowError(
                        row.line(),
                        before.period().equals(row.period().name()) ? "anchor_date" : "period",
                        "changes the schedule of " + RowValidator.quote(row.externalId())
                                + " while its charge of period " + before.openCharge()
                                + " is open; import the change once that charge is settled"));
                return null;
            }
            updated++;
            if (newSchedule) {
                rescheduled++;
            }
            changes.accept("line " + row.line() + ", " + row.externalId() + ": " + String.join("; ", diff));
            return next;
        }

        private Map<String, Existing> existing(List<SubscriptionRow> rows) {
            List<String> ids = rows.stream().map(SubscriptionRow::externalId).toList();
            Map<String, Existing> found = new HashMap<>();
            // FOR UPDATE: what is compared stays so until the commit (a paid charge moves next_billing_date).
            jdbc.query(
                    "SELECT s.external_id, s.auth_no, s.amount, s.currency, s.period, s.anchor_date,"
                            + " s.next_billing_date, s.trade_name, (SELECT MIN(c.period_key) FROM charge c"
                            + " WHERE c.subscription_id = s.id AND c.status IN"
                            + " ('DUE', 'RETRY_SCHEDULED', 'IN_FLIGHT', 'UNKNOWN'))"
                            + " FROM subscription s WHERE s.external_id IN (" + marks(ids.size()) + ") FOR UPDATE",
                    rs -> {
                        found.put(
                                rs.getString(1),
                                new Existing(
                                        rs.getString(2),
                                        rs.getLong(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getObject(6, LocalDate.class),
                                        rs.getObject(7, LocalDate.class),
                                        rs.getString(8),
                                        rs.getString(9)));
                    },
                    ids.toArray());
            return found;
        }

        /** Writes new and changed rows (unchanged ones never come here, so they keep their updated_at). */
        private void write(List<Object[]> rows) {
            // The program's clock stamps the rows, never the database server's (sql/V11).
            LocalDateTime now = DbTime.utc(clock.instant());
            Set<String> authNos = new LinkedHashSet<>();
            rows.forEach(row -> authNos.add((String) row[1]));
            List<Object> bindings = new ArrayList<>(authNos.size() * 3);
            authNos.forEach(authNo -> bindings.addAll(List.of(authNo, now, now)));
            jdbc.update(
                    "INSERT IGNORE INTO binding (auth_no, created_at, updated_at) VALUES "
                            + String.join(", ", Collections.nCopies(authNos.size(), "(?, ?, ?)")),
                    bindings.toArray());
            List<Object> args = new ArrayList<>(rows.size() * 10);
            rows.forEach(row -> {
                args.addAll(List.of(row));
                args.add(now);
                args.add(now);
            });
            jdbc.update(
                    "INSERT INTO subscription (external_id, auth_no, amount, currency, period, anchor_date,"
                            + " next_billing_date, trade_name, status, created_at, updated_at) VALUES "
                            + String.join(
                                    ", ", Collections.nCopies(rows.size(), "(?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)"))
                            + " ON DUPLICATE KEY UPDATE auth_no = VALUES(auth_no), amount = VALUES(amount),"
                            + " currency = VALUES(currency), period = VALUES(period), anchor_date = VALUES(anchor_date),"
                            + " next_billing_date = VALUES(next_billing_date), trade_name = VALUES(trade_name),"
                            + " updated_at = VALUES(updated_at)",
                    args.toArray());
        }
    }

    private static Object[] values(SubscriptionRow row, LocalDate next) {
        return new Object[] {
            row.externalId(),
            row.authNo(),
            row.amount(),
            row.currency(),
            row.period().name(),
            Date.valueOf(row.anchorDate()),
            Date.valueOf(next),
            row.tradeName()
        };
    }

    private static void change(List<String> diff, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            diff.add(field + " " + before + " -> " + after);
        }
    }

    private static LocalDate onOrAfter(LocalDate anchor, BillingPeriod period, LocalDate date) {
        return BillingCalendar.isBillingDate(anchor, period, date)
                ? date
                : BillingCalendar.nextBillingDate(anchor, period, date);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static String marks(int count) {
        return String.join(",", Collections.nCopies(count, "?"));
    }
}
