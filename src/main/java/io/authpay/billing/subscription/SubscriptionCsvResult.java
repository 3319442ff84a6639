package io.authpay.billing.subscription;

import java.util.List;

/**
 * The outcome of reading a subscription CSV file: either every row (or, for a streamed file, their count),
 * all valid, or the errors found. Never both, so an import cannot write part of a file by mistake.
 */
public final class SubscriptionCsvResult {

    private final List<SubscriptionRow> rows;
    private final int count;
    private final List<RowError> errors;
    private final int moreErrors;

    private SubscriptionCsvResult(List<SubscriptionRow> rows, int count, List<RowError> errors, int moreErrors) {
        this.rows = List.copyOf(rows);
        this.count = count;
        this.errors = List.copyOf(errors);
        this.moreErrors = moreErrors;
    }

    static SubscriptionCsvResult valid(List<SubscriptionRow> rows) {
        return new SubscriptionCsvResult(rows, rows.size(), List.of(), 0);
    }

    /** A valid streamed file: its rows went to the reader's consumer. */
    static SubscriptionCsvResult valid(int count) {
        return new SubscriptionCsvResult(List.of(), count, List.of(), 0);
    }

    static SubscriptionCsvResult invalid(List<RowError> errors) {
        return invalid(errors, 0);
    }

    /** Invalid, with {@code errors} shown and {@code moreErrors} further ones only counted. */
    static SubscriptionCsvResult invalid(List<RowError> errors, int moreErrors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one error");
        }
        return new SubscriptionCsvResult(List.of(), 0, errors, moreErrors);
    }

    /** How many rows a valid file has. */
    public int count() {
        return count;
    }

    /** Whether the whole file is valid and may be imported. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /**
     * Every row of the file, in file order (none for a streamed file: they went to its consumer).
     *
     * @throws IllegalStateException when the file has errors: nothing of it may be imported
     */
    public List<SubscriptionRow> rows() {
        if (!isValid()) {
            throw new IllegalStateException("the file has " + errors.size() + " error(s); no row may be imported");
        }
        return rows;
    }

    /** Every error, by line; empty when the file is valid. */
    public List<RowError> errors() {
        return errors;
    }

    /** A text for the operator: a summary line, then one line per error. */
    public String format() {
        if (isValid()) {
            return count + (count == 1 ? " subscription" : " subscriptions") + ", no errors";
        }
        int total = errors.size() + moreErrors;
        StringBuilder text = new StringBuilder()
                .append(total)
                .append(total == 1 ? " error" : " errors")
                .append(" in the subscription file; it cannot be imported until they are fixed:");
        for (RowError error : errors) {
            text.append(System.lineSeparator()).append("  ").append(error);
        }
        if (moreErrors > 0) {
            text.append(System.lineSeparator())
                    .append("  ... and ")
                    .append(moreErrors)
                    .append(" more (the first ")
                    .append(errors.size())
                    .append(" are shown)");
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
