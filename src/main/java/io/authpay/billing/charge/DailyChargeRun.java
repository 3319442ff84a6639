package io.authpay.billing.charge;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.authpay.Transaction;
import io.authpay.billing.metrics.BillingMetrics;
import io.authpay.billing.system.BillingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily job's work: settles due UNKNOWN charges by inquiry, then charges every DUE or RETRY_SCHEDULED
 * charge whose time has come, on a bounded pool, never two calls on one auth_no at once (in memory here,
 * and by the database lease across nodes), and never a call that could reach JKoPay after the window
 * closes. One coordinating thread (the caller's) reads the due charges page by page, claims them in
 * batches and hands them to the pool; the workers only run {@link ChargeProcessor}. At most
 * {@code billing.charge.concurrency} calls are under way at once in this process, whatever runs
 * (partitions) share it ({@link NodeCallSlots}); each run claims its part of them and half as many again
 * ahead, so that the slot an answer frees starts the next call at once instead of waiting for a claim's
 * round trips. A claimed charge whose call may no longer start (a
 * stop, the window, the breaker) is given back unsent. Each call of {@link #chargeDue} is a run of its
 * own: it may be called again, or from several threads, at any time.
 */
@Component
class DailyChargeRun implements ChargeRunner {

    private static final Logger log = LoggerFactory.getLogger(DailyChargeRun.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final long TICK_MILLIS = 50;
    /** How long a run waits when the other runs of this process hold every permit. */
    private static final long STARVED_MILLIS = 2;
    /** The most charges one batch claim takes (one transaction). */
    private static final int CLAIM_MAX = 256;
    /** The most answers one group commit records, and how long it waits for more after the first. */
    private static final int GROUP_MAX = 128;

    private static final Duration GROUP_LINGER = Duration.ofMillis(5);

    private final ChargeProcessor processor;
    private final InquirySettler settler;
    private final BindingLease lease;
    private final ChargeStore store;
    private final RetrySettings retrySettings;
    private final CallWindow calls;
    private final Clock clock;
    private final BillingProperties.Charge settings;
    private final TransactionTemplate withoutTransaction;
    private final BillingMetrics metrics;
    private final ChargePolicy policy;
    private final NodeCallSlots slots;

    DailyChargeRun(
            ChargeProcessor processor,
            InquirySettler settler,
            BindingLease lease,
            ChargeStore store,
            RetrySettings retrySettings,
            CallWindow calls,
            Clock clock,
            BillingProperties properties,
            PlatformTransactionManager transactions,
            BillingMetrics metrics,
            ChargePolicy policy,
            NodeCallSlots slots) {
        this.policy = policy;
        this.slots = slots;
        this.processor = processor;
        this.settler = settler;
        this.lease = lease;
        this.store = store;
        this.retrySettings = retrySettings;
        this.calls = calls;
        this.clock = clock;
        this.settings = properties.charge();
        this.withoutTransaction = ChargeStore.withoutTransaction(transactions);
        this.metrics = metrics;
        if (settings.concurrency() < 1 || settings.maxRate() < 0 || settings.pageSize() < 1) {
            throw new IllegalArgumentException("billing.charge.concurrency and page-size must be at least 1 and"
                    + " max-rate at least 0, were " + settings.concurrency() + ", " + settings.pageSize() + ", "
                    + settings.maxRate());
        }
    }

    @Override
    public RunSummary chargeDue(RunControl control, ChargePartition partition) {
        Instant now = clock.instant();
        if (!calls.mayStartCall(now)) {
            return new Tally().summary(StopReason.OUTSIDE_WINDOW, calls.shutReason(now) + "; nothing was touched");
        }
        // A caller's transaction (a batch step's) must not hold the run's writes until it ends: every
        // attempt is committed before its call, and every outcome right after it.
        return withoutTransaction.execute(status -> {
            Run run = new Run(control, partition);
            try {
                return run.execute();
            } finally {
                run.share.close();
            }
        });
    }

    /** The state of one run; all of it but the tally and the breaker belongs to the coordinating thread. */
    private final class Run implements ChargeProcessor.RunContext {

        private final RunControl control;
        private final ChargePartition partition;
        /** This run's part of the node's call slots, shared with the other runs (partitions) here. */
        private final NodeCallSlots.Share share = slots.join();
        /** This run's calls under way now (the node's slots are shared), for its progress. */
        private final AtomicInteger calling = new AtomicInteger();

        private final CircuitBreaker breaker = CircuitBreaker.of(retrySettings);
        private final Tally tally = new Tally();
        private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        /** The charges of this run between reading and being done; the coordinating thread's alone. */
        private final DispatchQueue queue = new DispatchQueue();

        private long lastId;
        private boolean passComplete;
        private int dispatchedThisPass;
        /** Charges in work (claimed or started, not yet answered); the coordinator's count. */
        private int inWork;

        private Instant lastProgress = Instant.MIN;

        Run(RunControl control, ChargePartition partition) {
            this.control = control;
            this.partition = partition;
        }

        RunSummary execute() {
            lease.freeExpired();
            settler.settleDue(
                    control,
                    (charge, paid) -> tally.paid(paid == null ? charge.amount() : paid.finalPrice()),
                    partition);
            // Threads for every charge a run may have in work; the node's slots bound the calls.
            ExecutorService pool = Executors.newFixedThreadPool(slots.workPermits(), threads());
            StopReason reason;
            try (OutcomeWriter writer = new OutcomeWriter(store, writers(), GROUP_MAX, GROUP_LINGER, this::committed)) {
                try {
                    reason = coordinate(pool, writer);
                    while (inWork > 0) {
                        // Calls already under way finish and record their outcome, whatever stopped the run.
                        awaitFinished(TICK_MILLIS);
                        reportProgress(false);
                    }
                } finally {
                    pool.shutdown();
                }
            }
            reportProgress(true);
            String detail = switch (reason) {
                case CIRCUIT_OPEN -> breaker.reason().orElse("the circuit breaker opened");
                case WINDOW_CLOSED -> "the billing window " + calls + " closed; what is left stays due";
                case STOP_REQUESTED -> "asked to stop; what is left stays due";
                case COMPLETED, OUTSIDE_WINDOW -> "";
            };
            RunSummary summary = tally.summary(reason, detail);
            switch (reason) {
                case WINDOW_CLOSED -> metrics.windowDeferral("window_closed");
                case CIRCUIT_OPEN -> metrics.circuitBreakerTripped();
                case COMPLETED, OUTSIDE_WINDOW, STOP_REQUESTED -> {}
            }
            log.info(
                    "daily charge run{}: {} ({} attempts, {} paid, {} TWD) {}",
                    partition.isWhole() ? "" : " (" + partition + ")",
                    reason,
                    summary.attempts(),
                    summary.succeeded(),
                    summary.amount(),
                    detail);
            return summary;
        }

        /** Group-commit threads: one, and one more per 128 call slots, at most four (each holds a connection). */
        private int writers() {
            return Math.min(4, 1 + settings.concurrency() / 128);
        }

        private StopReason coordinate(ExecutorService pool, OutcomeWriter writer) {
            while (true) {
                drainFinished();
                reportProgress(false);
                StopReason stop = stopReason();
                if (stop != null) {
                    return stop;
                }
                Instant now = clock.instant();
                // Permits for charges in work are the process's, shared with the other runs (partitions) here.
                int taken = share.take(settings.maxRate() > 0 ? 1 : CLAIM_MAX);
                boolean starved = taken == 0;
                if (taken > 0 && settings.maxRate() > 0 && workReady(now)) {
                    long rateWait = slots.bookStart();
                    if (rateWait > 0) {
                        share.give(taken);
                        awaitFinished(Math.max(1, rateWait / 1_000_000));
                        continue;
                    }
                }
                if (taken > 0) {
                    List<ChargeStore.Due> batch = queue.take(taken, now);
                    if (!batch.isEmpty()) {
                        int before = inWork;
                        try {
                            dispatch(pool, writer, batch, now);
                        } finally {
                            share.give(taken - (inWork - before)); // those not started
                        }
                        continue;
                    }
                    share.give(taken);
                    if (!passComplete) {
                        readPage(now);
                        continue;
                    }
                }
                if (passComplete && inWork == 0 && queue.idle() && !queue.hasReady()) {
                    if (dispatchedThisPass == 0) {
                        return StopReason.COMPLETED;
                    }
                    // Read once more from the start: charges released by another node, or created meanwhile.
                    lastId = 0;
                    passComplete = false;
                    dispatchedThisPass = 0;
                    continue;
                }
                // Permits another run gives back cannot wake this one: look again soon.
                long wait = starved ? STARVED_MILLIS : TICK_MILLIS;
                Optional<Instant> retry = queue.nextRetryAt();
                if (retry.isPresent()) {
                    wait = Math.max(
                            1, Math.min(wait, Duration.between(now, retry.get()).toMillis()));
                }
                awaitFinished(wait);
            }
        }

        private StopReason stopReason() {
            if (breaker.isOpen()) {
                return StopReason.CIRCUIT_OPEN;
            }
            if (control.stopRequested()) {
                return StopReason.STOP_REQUESTED;
            }
            if (!calls.mayStartCall(clock.instant())) {
                return StopReason.WINDOW_CLOSED;
            }
            return null;
        }

        @Override
        public boolean mayStartCall() {
            return !breaker.isOpen() && !control.stopRequested() && calls.mayStartCall(clock.instant());
        }

        @Override
        public boolean attempted(AttemptOutcome outcome) {
            tally.attempted(outcome);
            return breaker.record(outcome);
        }

        @Override
        public void paid(long amount) {
            tally.paid(amount);
        }

        private void readPage(Instant now) {
            var page = store.due(now, lastId, settings.pageSize(), partition);
            if (page.size() < settings.pageSize()) {
                passComplete = true;
            }
            for (ChargeStore.Due due : page) {
                lastId = due.id();
                queue.offer(due);
            }
        }

        /** Whether a charge is ready to start now: only then is a start booked under the node's rate limit. */
        private boolean workReady(Instant now) {
            return queue.hasReady()
                    || queue.nextRetryAt().filter(at -> !at.isAfter(now)).isPresent();
        }

        private void started() {
            inWork++;
            dispatchedThisPass++;
        }

        /**
         * Starts a batch of charges of distinct auth_nos: those with an unsettled earlier attempt one by one
         * (inquiry first, under a lease of their own); the others claimed in one transaction, then called.
         */
        private void dispatch(ExecutorService pool, OutcomeWriter writer, List<ChargeStore.Due> batch, Instant now) {
            Map<Long, ChargeStore.Due> claimable = new LinkedHashMap<>();
            for (ChargeStore.Due read : batch) {
                ChargeStore.Due due = read;
                if (queue.busyRetries(read.id()) > 0) {
                    // Back for an in-run retry: what the last try did (a 307 attempt) changed the row.
                    Optional<ChargeRow> again = store.find(read.id()).filter(c -> c.attemptableAt(now));
                    if (again.isEmpty()) {
                        queue.done(read);
                        continue;
                    }
                    due = new ChargeStore.Due(
                            again.get(), store.attempts(read.id()).stream().anyMatch(AttemptRow::unsettled));
                }
                if (due.unsettled()) {
                    started();
                    int retriesSoFar = queue.busyRetries(due.id());
                    ChargeStore.Due one = due;
                    pool.execute(() ->
                            finished.add(Finished.worked(one, inCallSlot(() -> processOne(one, retriesSoFar)))));
                } else {
                    claimable.put(due.id(), due);
                }
            }
            if (claimable.isEmpty()) {
                return;
            }
            ChargeStore.Claim claim = store.claim(
                    claimable.values().stream().map(ChargeStore.Due::charge).toList(),
                    c -> processor.platformOrderId(c.id(), c.attempts() + 1),
                    now);
            for (ChargeRow moved : claim.moved()) {
                queue.done(claimable.get(moved.id()));
            }
            for (ChargeRow held : claim.leaseHeld()) {
                ChargeStore.Due due = claimable.get(held.id());
                metrics.leaseContended();
                ChargeDecision busy = policy.leaseHeldElsewhere(held.counters(queue.busyRetries(due.id())), now);
                if (busy.has(FollowUp.RETRY_NOW_AFTER)) {
                    queue.retryAt(due, busy.nextAttemptAt());
                } else {
                    queue.done(due); // left DUE for the next sweep
                }
            }
            for (ChargeStore.Claimed claimed : claim.claimed()) {
                ChargeStore.Due due = claimable.get(claimed.charge().id());
                started();
                int retriesSoFar = queue.busyRetries(due.id());
                long claimedNanos = System.nanoTime();
                pool.execute(() -> {
                    ChargeProcessor.Called called = inCallSlot(() -> {
                        try {
                            Duration waited = Duration.ofNanos(System.nanoTime() - claimedNanos);
                            return processor.callClaimed(claimed, retriesSoFar, this, waited);
                        } catch (RuntimeException | Error e) {
                            log.error("charge {} could not be processed; the next run settles it", due.id(), e);
                            return new ChargeProcessor.Called(null, ChargeProcessor.Result.DONE);
                        }
                    });
                    if (called.completion() != null) {
                        writer.add(called.completion());
                        finished.add(Finished.answered());
                    } else {
                        finished.add(Finished.worked(due, called.result()));
                    }
                });
            }
        }

        /** Runs a worker's part while holding one of the node's call slots, free again as soon as it returns. */
        private <T> T inCallSlot(Supplier<T> work) {
            slots.acquireCall();
            calling.incrementAndGet();
            try {
                return work.get();
            } finally {
                calling.decrementAndGet();
                slots.releaseCall();
            }
        }

        private ChargeProcessor.Result processOne(ChargeStore.Due due, int retriesSoFar) {
            try {
                return processor.process(due.id(), retriesSoFar, this);
            } catch (RuntimeException | Error e) {
                log.error("charge {} could not be processed; the next run retries it", due.id(), e);
                return ChargeProcessor.Result.DONE;
            }
        }

        /** The group commit recorded an answer (on the writer's thread). */
        private void committed(ChargeStore.Completion c, boolean applied) {
            if (applied && c.decision().status() == ChargeStatus.SUCCEEDED) {
                Transaction paid = c.result().paid();
                tally.paid(paid == null ? c.claimed().charge().amount() : paid.finalPrice());
            }
            finished.add(Finished.committed(new ChargeStore.Due(c.claimed().charge(), false)));
        }

        private void awaitFinished(long millis) {
            try {
                Finished first = finished.poll(millis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    onFinished(first);
                    drainFinished();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the charge run was interrupted", e);
            }
        }

        private void drainFinished() {
            Finished f;
            while ((f = finished.poll()) != null) {
                onFinished(f);
            }
        }

        private void onFinished(Finished f) {
            if (f.endsWork()) {
                inWork--;
                share.give(1);
            }
            ChargeStore.Due due = f.charge();
            if (due == null) {
                return; // answered; the group commit tells when the charge is done
            }
            switch (f.result().ending()) {
                case RETRY -> queue.retryAt(due, f.result().retryAt());
                case NOT_STARTED -> queue.notStarted(due); // left as it was; a later pass may take it
                case DONE, NOT_DUE, LEFT_FOR_NEXT_SWEEP -> queue.done(due);
            }
        }

        private void reportProgress(boolean force) {
            Instant now = clock.instant();
            if (force || !now.isBefore(lastProgress.plus(PROGRESS_EVERY)) || now.isBefore(lastProgress)) {
                lastProgress = now;
                try {
                    control.progress(tally.progress(calling.get()));
                } catch (RuntimeException e) {
                    log.warn("progress listener failed", e);
                }
            }
        }
    }

    /**
     * What the coordinating thread hears: a worker ended its part ({@code endsWork}: one charge fewer in
     * work), with the charge and its result unless its answer went to the group commit; or the group
     * commit recorded a charge's answer (the run is done with it).
     */
    private record Finished(ChargeStore.Due charge, ChargeProcessor.Result result, boolean endsWork) {

        static Finished worked(ChargeStore.Due charge, ChargeProcessor.Result result) {
            return new Finished(charge, result, true);
        }

        static Finished answered() {
            return new Finished(null, null, true);
        }

        static Finished committed(ChargeStore.Due charge) {
            return new Finished(charge, ChargeProcessor.Result.DONE, false);
        }
    }

    /** The figures of a run, shared by its threads. */
    private static final class Tally {
        private int attempts;
        private int succeeded;
        private long amount;
        private final Map<OutcomeClass, Integer> byOutcome = new EnumMap<>(OutcomeClass.class);
        private final Map<String, Integer> byResultCode = new HashMap<>();

        synchronized void attempted(AttemptOutcome outcome) {
            attempts++;
            byOutcome.merge(outcome.outcomeClass(), 1, Integer::sum);
            byResultCode.merge(outcome.code(), 1, Integer::sum);
        }

        synchronized void paid(long paid) {
            succeeded++;
            amount += paid;
        }

        synchronized RunProgress progress(int inFlight) {
            return new RunProgress(attempts, succeeded, amount, inFlight);
        }

        synchronized RunSummary summary(StopReason reason, String detail) {
            return new RunSummary(reason, detail, attempts, succeeded, amount, byOutcome, byResultCode);
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "charge-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
