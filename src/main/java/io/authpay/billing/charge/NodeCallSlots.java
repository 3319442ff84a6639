package io.authpay.billing.charge;

import io.authpay.billing.system.BillingProperties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * This process's budget of charge calls, shared by every daily run in it (the partitions of one daily run
 * that run here at once): at most {@code billing.charge.concurrency} calls in flight, started at most
 * {@code billing.charge.max-rate} a second. Per node, so that adding a node adds its budget.
 */
@Component
class NodeCallSlots {

    private final int concurrency;
    private final Semaphore slots;
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
        this.slots = new Semaphore(this.concurrency);
        this.startEveryNanos = maxRate > 0 ? 1_000_000_000L / maxRate : 0;
    }

    /** A run's share of the slots, until it is closed. */
    Share join() {
        runs.incrementAndGet();
        return new Share();
    }

    /**
     * What one run may take: at most its fair part of the slots, {@code concurrency / runs} rounded up, so
     * that a run whose calls end (and which is awake to take their slots again) cannot keep the others
     * waiting; a run that ends leaves its part to the others. Used by the run's coordinating thread only.
     */
    final class Share implements AutoCloseable {
        private int held;

        /** Takes up to {@code max} free slots without waiting, within this run's part; maybe 0. */
        int take(int max) {
            int part = (concurrency + Math.max(1, runs.get()) - 1) / Math.max(1, runs.get());
            int taken = NodeCallSlots.this.take(Math.min(max, part - held));
            held += taken;
            return taken;
        }

        /** Gives back slots taken and not (or no longer) used. */
        void give(int count) {
            if (count > 0) {
                held -= count;
                NodeCallSlots.this.give(count);
            }
        }

        @Override
        public void close() {
            give(held);
            runs.decrementAndGet();
        }
    }

    /** Takes up to {@code max} free slots without waiting; returns how many it took (maybe 0). */
    int take(int max) {
        int taken = 0;
        while (taken < max && slots.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    /** Gives back slots taken and not (or no longer) used. */
    void give(int count) {
        if (count > 0) {
            slots.release(count);
        }
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
