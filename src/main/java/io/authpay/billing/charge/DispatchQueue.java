package io.authpay.billing.charge;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * What one daily run knows of its charges between reading them and being done with them: which are
 * ready, which wait for their auth_no (one charge per auth_no in work at a time in this run), which retry
 * later in this run, and which it is done with (read again, they are skipped). Thread-free: the run's
 * coordinating thread owns it, and it never touches the database or a clock of its own.
 */
final class DispatchQueue {

    private record Retry(Instant at, ChargeStore.Due charge) {}

    /** Charges to dispatch, in order. */
    private final Deque<ChargeStore.Due> ready = new ArrayDeque<>();
    /** Charges waiting for their auth_no's charge in this run to finish. */
    private final Map<String, Deque<ChargeStore.Due>> waiting = new HashMap<>();
    /** Charges to retry in this run, soonest first. */
    private final PriorityQueue<Retry> retries = new PriorityQueue<>(Comparator.comparing(Retry::at));
    /** The auth_nos with a charge in work in this run. */
    private final Set<String> busyAuthNos = new HashSet<>();
    /** Charges ready, waiting, in work or scheduled for a retry. */
    private final Set<Long> queued = new HashSet<>();
    /** Charges this run is done with. */
    private final Set<Long> done = new HashSet<>();
    /** Busy retries (307s and leases held elsewhere) per charge in this run. */
    private final Map<Long, Integer> busyRetries = new HashMap<>();

    /** Queues a charge read from the database; false when it is queued already or done in this run. */
    boolean offer(ChargeStore.Due due) {
        if (done.contains(due.id()) || !queued.add(due.id())) {
            return false;
        }
        ready.addLast(due);
        return true;
    }

    /**
     * Up to {@code max} charges to work on now, of distinct auth_nos none of which is in work in this run;
     * their auth_nos are in work from now on. Retries whose time has come go first; a charge whose auth_no
     * is in work waits for it.
     */
    List<ChargeStore.Due> take(int max, Instant now) {
        while (!retries.isEmpty() && !retries.peek().at().isAfter(now)) {
            ready.addFirst(retries.poll().charge());
        }
        List<ChargeStore.Due> taken = new ArrayList<>();
        while (taken.size() < max && !ready.isEmpty()) {
            ChargeStore.Due due = ready.pollFirst();
            if (busyAuthNos.add(due.authNo())) {
                taken.add(due);
            } else {
                waiting.computeIfAbsent(due.authNo(), a -> new ArrayDeque<>()).addLast(due);
            }
        }
        return taken;
    }

    /** The run is done with the charge (worked on, not due, or left for the next sweep). */
    void done(ChargeStore.Due due) {
        free(due);
        queued.remove(due.id());
        done.add(due.id());
    }

    /** The charge was left as it was: a later pass may read and take it again. */
    void notStarted(ChargeStore.Due due) {
        free(due);
        queued.remove(due.id());
    }

    /** The charge is retried in this run at {@code at}, one more busy retry. */
    void retryAt(ChargeStore.Due due, Instant at) {
        free(due);
        busyRetries.merge(due.id(), 1, Integer::sum);
        retries.add(new Retry(at, due));
    }

    /** Busy retries this charge had in this run. */
    int busyRetries(long chargeId) {
        return busyRetries.getOrDefault(chargeId, 0);
    }

    /** Whether a charge is ready to take (its auth_no may still be in work). */
    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Whether nothing is in work, waiting or scheduled: only a new read can bring more. */
    boolean idle() {
        return busyAuthNos.isEmpty() && waiting.isEmpty() && retries.isEmpty();
    }

    /** When the soonest in-run retry is due. */
    Optional<Instant> nextRetryAt() {
        return retries.isEmpty() ? Optional.empty() : Optional.of(retries.peek().at());
    }

    /** Frees the charge's auth_no; the next charge waiting for it goes first. */
    private void free(ChargeStore.Due due) {
        if (!busyAuthNos.remove(due.authNo())) {
            return;
        }
        Deque<ChargeStore.Due> next = waiting.get(due.authNo());
        if (next != null) {
            ready.addFirst(next.pollFirst());
            if (next.isEmpty()) {
                waiting.remove(due.authNo());
            }
        }
    }
}
