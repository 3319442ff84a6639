package io.authpay.billing.charge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group commit of one run's common answers: the calls' workers queue their answers, and this writer's
 * threads record them in groups ({@link ChargeStore#completeAll}: one transaction, a few statements per
 * group) as soon as {@code maxGroup} answers are waiting or {@code linger} has passed since the first.
 * Only once a group is committed does the run hear that its charges are done (and their auth_nos free).
 * Several threads commit groups side by side when answers come faster than one can: the groups touch
 * disjoint rows (one charge per auth_no in flight), so they do not wait for each other.
 *
 * <p>A crash (or a failed commit) after the answers and before the group commit leaves their attempts
 * without outcome and their charges IN_FLIGHT under leases nobody renews: the state of a crash during a
 * call. The next run frees the expired leases, the charges become UNKNOWN, and inquiry settles them
 * ({@link BindingLease#freeExpired}, {@link InquirySettler}); nothing is ever charged again blindly.
 */
final class OutcomeWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);

    /** Hears of each answer once its group committed; {@code applied} false when its charge had moved on. */
    interface Listener {
        void committed(ChargeStore.Completion completion, boolean applied);
    }

    private final ChargeStore store;
    private final int maxGroup;
    private final long lingerNanos;
    private final Listener listener;
    private final BlockingQueue<ChargeStore.Completion> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;

    OutcomeWriter(ChargeStore store, int writers, int maxGroup, Duration linger, Listener listener) {
        this.store = store;
        this.maxGroup = maxGroup;
        this.lingerNanos = linger.toNanos();
        this.listener = listener;
        for (int i = 1; i <= writers; i++) {
            Thread thread = new Thread(this::run, "charge-outcomes-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Queues an answered call for the next group. */
    void add(ChargeStore.Completion completion) {
        queue.add(completion);
    }

    /** Commits what is queued, then stops the thread. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                ChargeStore.Completion first = queue.poll(10, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<ChargeStore.Completion> group = new ArrayList<>(maxGroup);
                group.add(first);
                long deadline = System.nanoTime() + lingerNanos;
                while (group.size() < maxGroup) {
                    long left = deadline - System.nanoTime();
                    ChargeStore.Completion next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    queue.drainTo(group, maxGroup - group.size());
                }
                commit(group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<ChargeStore.Completion> group) {
        Set<Long> applied;
        try {
            applied = store.completeAll(group);
        } catch (RuntimeException e) {
            log.error(
                    "could not record {} answered calls; their charges stay IN_FLIGHT until their leases expire,"
                            + " then inquiry settles them",
                    group.size(),
                    e);
            applied = Set.of();
        }
        for (ChargeStore.Completion c : group) {
            boolean ok = applied.contains(c.claimed().charge().id());
            if (!ok) {
                log.warn(
                        "charge {} attempt {}: the answer ({}) was not applied; inquiry settles it",
                        c.claimed().charge().id(),
                        c.claimed().platformOrderId(),
                        c.result().outcome().code());
            } else if (log.isDebugEnabled()) {
                log.debug(
                        "charge {} attempt {}: {}",
                        c.claimed().charge().id(),
                        c.claimed().platformOrderId(),
                        c.decision().reason());
            }
            listener.committed(c, ok);
        }
    }
}
