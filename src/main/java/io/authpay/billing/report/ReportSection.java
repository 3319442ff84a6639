package io.authpay.billing.report;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sections of a report, in the order they are printed. Each is one table (one CSV); its {@link #key()}
 * names it on the command line ({@code --section by_day}), in JSON and as a CSV file name.
 */
public enum ReportSection {
    /** The headline figures (one row). */
    SUMMARY("Summary"),
    /** The charges due in the range, by status. */
    CHARGES("Charges due, by status"),
    /** The attempts made in the range, by outcome class. */
    OUTCOMES("Attempts by outcome"),
    /** The attempts made in the range, by result code. */
    RESULT_CODES("Attempts by result code"),
    /** The attempts of each day, by outcome class. */
    BY_DAY("Attempts per day"),
    /** The charges waiting for another attempt. */
    RETRIES("Waiting for a retry"),
    /** The charges that need an operator. */
    REVIEW("Needs review or failed"),
    /** The subscriptions by status, now. */
    SUBSCRIPTIONS("Subscriptions by status"),
    /** The subscriptions that became PAST_DUE or AUTH_REVOKED in the range. */
    SUBSCRIPTION_CHANGES("Subscriptions past due or revoked in the range"),
    /** The refunds requested in the range, by status. */
    REFUNDS("Refunds by status"),
    /** Per day: what was paid, by the wallet (debit) and by coins and coupons (redeem), refunded, net. */
    SETTLEMENT("Settlement per day (TWD)"),
    /** The gateway's answer times (one row). */
    LATENCY("Gateway latency (ms)");

    private final String title;

    ReportSection(String title) {
        this.title = title;
    }

    /** The name on the command line, in JSON and in file names: {@code summary}, {@code by_day}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The heading shown to people. */
    public String title() {
        return title;
    }

    /**
     * The section named {@code key} (as {@link #key()} spells it, any case).
     *
     * @throws IllegalArgumentException naming the sections there are
     */
    public static ReportSection fromKey(String key) {
        for (ReportSection section : values()) {
            if (section.key().equalsIgnoreCase(key == null ? "" : key.trim())) {
                return section;
            }
        }
        throw new IllegalArgumentException("no report section '" + key + "'; the sections are " + keys());
    }

    /** Every key, comma-separated, for messages and help. */
    public static String keys() {
        return Stream.of(values()).map(ReportSection::key).collect(Collectors.joining(", "));
    }
}
