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
    /** Charges in work in this process (claimed or called, not yet answered): the slots and those ahead. */
    private final int workPermits;

    private final Semaphore work;
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
        // Half as many again claimed ahead of the slots, so that a freed slot starts the next call at once;
        // none below four slots (a run of about one call at a time) or under a max-rate (a start is a call).
        this.workPermits = this.concurrency + (startEveryNanos > 0 || this.concurrency < 4 ? 0 : this.concurrency / 2);
        this.work = new Semaphore(workPermits);
    }

    /** A run's share of the charges in work, until it is closed. */
    Share join() {
        runs.incrementAndGet();
        return new Share();
    }

    /** The most charges one run may have in work: all of the process's, were it alone. */
    int workPermits() {
        return workPermits;
    }

    /**
     * What one run may have in work: at most its fair part, {@code permits / runs} rounded up, so that a
     * run whose calls end (and which is awake to take their permits again) cannot keep the others waiting;
     * a run that ends leaves its part to the others. Used by the run's coordinating thread only.
     */
    final class Share implements AutoCloseable {
        private int held;

        /** Takes up to {@code max} free permits without waiting, within this run's part; maybe 0. */
        int take(int max) {
            int part = (workPermits + Math.max(1, runs.get()) - 1) / Math.max(1, runs.get());
            int taken = 0;
            while (taken < Math.min(max, part - held) && work.tryAcquire()) {
                taken++;
            }
            held += taken;
            return taken;
        }

        /** Gives back permits taken and not (or no longer) used. */
        void give(int count) {
            if (count > 0) {
                held -= count;
                work.release(count);
            }
        }

        @Override
        public void close() {
            give(held);
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
