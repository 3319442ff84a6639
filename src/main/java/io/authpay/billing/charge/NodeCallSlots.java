package io.authpay.billing.charge;

import io.authpay.billing.system.BillingProperties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * This process's budget of charge calls, shared by every daily run in it (the partitions of one daily run
 * that run here at once): at most {@code billing.charge.concurrency} calls in flight, taken by a worker
 * right before its call and given back at the answer, and started at most {@code billing.charge.max-rate}
 * a second. Per node, so that adding a node adds its budget.
 */
@Component
class NodeCallSlots {

    private final int concurrency;
    private final Semaphore calls;
    /** Runs holding a {@link Share} now. */
    private final AtomicInteger runs = new AtomicInteger();

    private final long startEveryNanos;
    private final AtomicLong nextStartNanos = new AtomicLong(System.nanoTime());

    @Autowired
    NodeCallSlots(BillingProperties properties) {
        this(properties.charge().concurrency(), properties.charge().maxRate());
    }

    NodeCallSlots(int concurrency, int maxRate) {
        this.concurrency = Math.max(1, concurrency);
        this.calls = new Semaphore(this.concurrency, true);
        this.startEveryNanos = maxRate > 0 ? 1_000_000_000L / maxRate : 0;
    }

    /** A run's share of the slots, until it is closed. */
    Share join() {
        runs.incrementAndGet();
        return new Share();
    }

    /**
     * How many charges one run may have in work (claimed or called, not yet answered): its fair part of the
     * slots, {@code concurrency / runs} rounded up, and half as many again claimed ahead (none below four,
     * where a run is about one call at a time, and none under a max-rate, where a start is a call).
     */
    final class Share implements AutoCloseable {

        /** This run's limit now, as the runs of this process stand. */
        int workLimit() {
            int part = (concurrency + Math.max(1, runs.get()) - 1) / Math.max(1, runs.get());
            return part + (startEveryNanos > 0 || part < 4 ? 0 : part / 2);
        }

        /** The most this run may ever have in work: its limit were it alone. */
        int workLimitAlone() {
            return concurrency + (startEveryNanos > 0 || concurrency < 4 ? 0 : concurrency / 2);
        }

        @Override
        public void close() {
            runs.decrementAndGet();
        }
    }

    /** Waits for a call slot of this process (fairly, first come first served). */
    void acquireCall() {
        calls.acquireUninterruptibly();
    }

    /** Gives a call slot back: its call was answered, or never made. */
    void releaseCall() {
        calls.release();
    }

    /**
     * Books the next start under {@code max-rate}: 0 when a call may start now (the start is booked, evenly
     * spaced after the last; an idle spell earns no burst), else how many nanoseconds to wait first.
     */
    long bookStart() {
        if (startEveryNanos == 0) {
            return 0;
        }
        while (true) {
            long next = nextStartNanos.get();
            long now = System.nanoTime();
            if (now - next < 0) {
                return next - now;
            }
            if (nextStartNanos.compareAndSet(next, Math.max(next, now) + startEveryNanos)) {
                return 0;
            }
        }
    }
}
