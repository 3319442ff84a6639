package io.authpay.billing.report;

import io.authpay.billing.report.BillingReport.Latency;
import java.util.Arrays;

/**
 * Exact nearest-rank percentiles from a histogram of whole milliseconds. The database groups the
 * latencies, so memory grows with the number of distinct values (at most the HTTP timeout in ms), not
 * with the number of attempts.
 */
final class Percentiles {

    private long[] values = new long[16];
    private long[] counts = new long[16];
    private int size;
    private long samples;

    /** Adds {@code count} samples of {@code value}; values must come in ascending order. */
    void add(long value, long count) {
        if (count <= 0) {
            return;
        }
        if (size > 0 && value <= values[size - 1]) {
            throw new IllegalArgumentException(
                    "latencies must come in ascending order, got " + value + " after " + values[size - 1]);
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        values[size] = value;
        counts[size] = count;
        size++;
        samples += count;
    }

    long samples() {
        return samples;
    }

    /**
     * The nearest-rank {@code percent}-th percentile: the value of rank ceil(percent/100 × n) in ascending
     * order, so at least {@code percent}% of the samples are at or below it; null without samples.
     */
    Long percentile(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percentile out of 1..100: " + percent);
        }
        if (samples == 0) {
            return null;
        }
        // ceil(percent * n / 100) in integers: floating point could land one rank off at the boundaries
        long rank = (percent * samples + 99) / 100;
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return values[i];
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + samples + " samples");
    }

    Latency latency() {
        return new Latency(samples, percentile(50), percentile(90), percentile(99), percentile(100));
    }
}
