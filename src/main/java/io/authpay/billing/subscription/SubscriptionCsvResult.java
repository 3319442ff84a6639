package io.authpay.billing.subscription;

import java.util.List;

/**
 * The outcome of reading a subscription CSV file: either every row, all valid, or every error found.
 * Never both, so an import cannot write part of a file by mistake.
 */
public final class SubscriptionCsvResult {

    private final List<SubscriptionRow> rows;
    private final List<RowError> errors;

    private SubscriptionCsvResult(List<SubscriptionRow> rows, List<RowError> errors) {
        this.rows = List.copyOf(rows);
        this.errors = List.copyOf(errors);
    }

    static SubscriptionCsvResult valid(List<SubscriptionRow> rows) {
        return new SubscriptionCsvResult(rows, List.of());
    }

    static SubscriptionCsvResult invalid(List<RowError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one error");
        }
        return new SubscriptionCsvResult(List.of(), errors);
    }

    /** Whether the whole file is valid and may be imported. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /**
     * Every row of the file, in file order.
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
            return rows.size() + (rows.size() == 1 ? " subscription" : " subscriptions") + ", no errors";
        }
        StringBuilder text = new StringBuilder()
                .append(errors.size())
                .append(errors.size() == 1 ? " error" : " errors")
                .append(" in the subscription file; it cannot be imported until they are fixed:");
        for (RowError error : errors) {
            text.append(System.lineSeparator()).append("  ").append(error);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
