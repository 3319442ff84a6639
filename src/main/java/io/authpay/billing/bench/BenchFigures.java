package io.authpay.billing.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one benchmark measured.
 *
 * @param charges charges paid
 * @param elapsed wall time of the run
 * @param perChargeMillis each charge's time from attempt written (claimed) to outcome recorded, sorted
 * @param callMillis each call's time from request sent to answer read (the attempt's latency), sorted
 * @param heapPeakBytes the most heap in use during the run, garbage included
 * @param heapAfterCollectionPeakBytes the most heap left right after a collection during the run
 * @param server what the database server and the processes did during the run
 * @param ending how the run ended: "COMPLETED", or its status and exit description
 * @param leftDue the run's charges still DUE or RETRY_SCHEDULED afterwards
 */
record BenchFigures(
        int charges,
        Duration elapsed,
        List<Long> perChargeMillis,
        List<Long> callMillis,
        long heapPeakBytes,
        long heapAfterCollectionPeakBytes,
        ServerCounters server,
        String ending,
        int leftDue) {

    boolean completed() {
        return "COMPLETED".equals(ending);
    }

    double perSecond() {
        return charges * 1000.0 / Math.max(1, elapsed.toMillis());
    }

    long percentile(int p) {
        return percentile(perChargeMillis, p);
    }

    long callPercentile(int p) {
        return percentile(callMillis, p);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    double rowsPerSecond() {
        return server.rowsWritten() * 1000.0 / Math.max(1, elapsed.toMillis());
    }

    double perCharge(long count) {
        return count / (double) Math.max(1, charges);
    }

    /** CPU time as a share of one core over the run's wall time, in percent. */
    double cpuPercent(Duration cpu) {
        return 100.0 * cpu.toNanos() / Math.max(1, elapsed.toNanos());
    }

    /** CPU time per charge paid: what a charge costs whatever else the machine is doing. */
    double cpuMillisPerCharge(Duration cpu) {
        return cpu.toNanos() / 1e6 / Math.max(1, charges);
    }
}
