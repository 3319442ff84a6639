package io.authpay.billing.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one benchmark measured.
 *
 * @param charges charges paid
 * @param elapsed wall time of the run
 * @param perChargeMillis each charge's time from attempt written to outcome recorded, sorted
 * @param heapPeakBytes the most heap in use during the run
 * @param rowsWritten rows the database server inserted and updated during the run
 */
record BenchFigures(int charges, Duration elapsed, List<Long> perChargeMillis, long heapPeakBytes, long rowsWritten) {

    double perSecond() {
        return charges * 1000.0 / Math.max(1, elapsed.toMillis());
    }

    long percentile(int p) {
        if (perChargeMillis.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * perChargeMillis.size());
        return perChargeMillis.get(Math.max(0, rank - 1));
    }

    double rowsPerSecond() {
        return rowsWritten * 1000.0 / Math.max(1, elapsed.toMillis());
    }
}
