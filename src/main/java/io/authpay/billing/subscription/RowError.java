package io.authpay.billing.subscription;

/**
 * One problem found in a subscription CSV file, for the operator to fix.
 *
 * @param line the physical line of the file (the header is line 1)
 * @param field the column at fault, or {@code header}, {@code columns} (wrong number of values) or
 *     {@code file} (the file itself cannot be read as CSV)
 * @param message what is wrong and, where it helps, what to write instead
 */
public record RowError(int line, String field, String message) {

    /** For example {@code line 7, amount: "499.5" is not a whole number of TWD}. */
    @Override
    public String toString() {
        return "line " + line + ", " + field + ": " + message;
    }
}
