package io.authpay.billing.charge;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.metrics.BillingMetrics;
import io.authpay.billing.system.BillingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily job's work: settles due UNKNOWN charges by inquiry, then charges every DUE or RETRY_SCHEDULED
 * charge whose time has come, on a bounded pool, never two calls on one auth_no at once (in memory here,
 * and by the database lease across nodes), and never a call that could reach JKoPay after the window
 * closes. One coordinating thread (the caller's) reads the due charges page by page and hands them to
 * the pool; the workers only run {@link ChargeProcessor}. Each call of {@link #chargeDue} is a run of
 * its own: it may be called again, or from several threads, at any time.
 */
@Component
public class DailyChargeRun implements ChargeRunner {

    private static final Logger log = LoggerFactory.getLogger(DailyChargeRun.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final long TICK_MILLIS = 50;

    private final ChargeProcessor processor;
    private final InquirySettler settler;
    private final BindingLease lease;
    private final ChargeStore store;
    private final RetrySettings retrySettings;
    private final BillingWindow window;
    private final Clock clock;
    private final BillingProperties.Charge settings;
    private final TransactionTemplate withoutTransaction;
    private final BillingMetrics metrics;

    DailyChargeRun(
            ChargeProcessor processor,
            InquirySettler settler,
            BindingLease lease,
            ChargeStore store,
            RetrySettings retrySettings,
            BillingWindow window,
            Clock clock,
            BillingProperties properties,
            PlatformTransactionManager transactions,
            BillingMetrics metrics) {
        this.processor = processor;
        this.settler = settler;
        this.lease = lease;
        this.store = store;
        this.retrySettings = retrySettings;
        this.window = window;
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
    public RunSummary chargeDue(RunControl control) {
        if (!mayStartCalls(clock.instant())) {
            return new Tally()
                    .summary(
                            StopReason.OUTSIDE_WINDOW,
                            "the billing window " + window + " is closed (or closes within " + settings.windowGuard()
                                    + "); nothing was touched");
        }
        // A caller's transaction (a batch step's) must not hold the run's writes until it ends: every
        // attempt is committed before its call, and every outcome right after it.
        return withoutTransaction.execute(status -> new Run(control).execute());
    }

    /** Whether a call started now reaches JKoPay inside the window, with the guard to spare. */
    private boolean mayStartCalls(Instant now) {
        return window.contains(now) && window.contains(now.plus(settings.windowGuard()));
    }

    /** The state of one run; all of it but the tally and the breaker belongs to the coordinating thread. */
    private final class Run implements ChargeProcessor.RunContext {

        private final RunControl control;
        private final CircuitBreaker breaker = CircuitBreaker.of(retrySettings);
        private final Tally tally = new Tally();
        private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();

        /** Charges to dispatch, in order. */
        private final Deque<ChargeStore.Due> ready = new ArrayDeque<>();
        /** Charges waiting for their auth_no's call in this run to finish. */
        private final Map<String, Deque<ChargeStore.Due>> waiting = new HashMap<>();
        /** Charges to retry in this run, soonest first. */
        private final PriorityQueue<Retry> retries = new PriorityQueue<>(Comparator.comparing(Retry::at));
        /** The auth_nos with a charge being processed in this run. */
        private final Set<String> busyAuthNos = new HashSet<>();
        /** Charges queued, waiting, in flight or scheduled for an in-run retry: read again, they are skipped. */
        private final Set<Long> queued = new HashSet<>();
        /** Charges this run is done with. */
        private final Set<Long> done = new HashSet<>();
        /** 307 retries (and busy leases) per charge in this run. */
        private final Map<Long, Integer> busyRetries = new HashMap<>();

        private long lastId;
        private boolean passComplete;
        private int dispatchedThisPass;
        private int inFlight;
        private long nextStartNanos = System.nanoTime();
        private Instant lastProgress = Instant.MIN;

        Run(RunControl control) {
            this.control = control;
        }

        RunSummary execute() {
            lease.freeExpired();
            settler.settleDue(
                    control, (charge, paid) -> tally.paid(paid == null ? charge.amount() : paid.finalPrice()));
            ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), threads());
            StopReason reason;
            try {
                reason = coordinate(pool);
                while (inFlight > 0) {
                    // Calls already under way finish and record their outcome, whatever stopped the run.
                    awaitFinished(TICK_MILLIS);
                    reportProgress(false);
                }
            } finally {
                pool.shutdown();
            }
            reportProgress(true);
            String detail = switch (reason) {
                case CIRCUIT_OPEN -> breaker.reason().orElse("the circuit breaker opened");
                case WINDOW_CLOSED -> "the billing window " + window + " closed; what is left stays due";
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
                    "daily charge run: {} ({} attempts, {} paid, {} TWD) {}",
                    reason,
                    summary.attempts(),
                    summary.succeeded(),
                    summary.amount(),
                    detail);
            return summary;
        }

        private StopReason coordinate(ExecutorService pool) {
            while (true) {
                drainFinished();
                reportProgress(false);
                StopReason stop = stopReason();
                if (stop != null) {
                    return stop;
                }
                Instant now = clock.instant();
                while (!retries.isEmpty() && !retries.peek().at().isAfter(now)) {
                    ready.addLast(retries.poll().charge());
                }
                ChargeStore.Due next = nextReady();
                if (next != null) {
                    if (inFlight >= settings.concurrency()) {
                        ready.addFirst(next);
                        awaitFinished(TICK_MILLIS);
                    } else if (!rateAllows()) {
                        ready.addFirst(next);
                        awaitFinished(Math.max(1, (nextStartNanos - System.nanoTime()) / 1_000_000));
                    } else {
                        dispatch(pool, next);
                    }
                    continue;
                }
                if (!passComplete) {
                    readPage(now);
                    continue;
                }
                if (inFlight == 0 && retries.isEmpty() && waiting.isEmpty()) {
                    if (dispatchedThisPass == 0) {
                        return StopReason.COMPLETED;
                    }
                    // Read once more from the start: charges released by another node, or created meanwhile.
                    lastId = 0;
                    passComplete = false;
                    dispatchedThisPass = 0;
                    continue;
                }
                long wait = TICK_MILLIS;
                if (!retries.isEmpty()) {
                    wait = Math.max(
                            1,
                            Math.min(
                                    wait,
                                    Duration.between(now, retries.peek().at()).toMillis()));
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
            if (!mayStartCalls(clock.instant())) {
                return StopReason.WINDOW_CLOSED;
            }
            return null;
        }

        @Override
        public boolean mayStartCall() {
            return !breaker.isOpen() && !control.stopRequested() && mayStartCalls(clock.instant());
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

        /** The next ready charge whose auth_no is free; the others wait for their auth_no. */
        private ChargeStore.Due nextReady() {
            while (!ready.isEmpty()) {
                ChargeStore.Due due = ready.pollFirst();
                if (busyAuthNos.contains(due.authNo())) {
                    waiting.computeIfAbsent(due.authNo(), a -> new ArrayDeque<>())
                            .addLast(due);
                } else {
                    return due;
                }
            }
            return null;
        }

        private void readPage(Instant now) {
            var page = store.due(now, lastId, settings.pageSize());
            if (page.size() < settings.pageSize()) {
                passComplete = true;
            }
            for (ChargeStore.Due due : page) {
                lastId = due.id();
                if (!done.contains(due.id()) && queued.add(due.id())) {
                    ready.addLast(due);
                }
            }
        }

        private boolean rateAllows() {
            return settings.maxRate() == 0 || System.nanoTime() - nextStartNanos >= 0;
        }

        private void dispatch(ExecutorService pool, ChargeStore.Due due) {
            busyAuthNos.add(due.authNo());
            inFlight++;
            dispatchedThisPass++;
            if (settings.maxRate() > 0) {
                // Evenly spaced starts; an idle spell earns no burst.
                nextStartNanos = Math.max(nextStartNanos, System.nanoTime()) + 1_000_000_000L / settings.maxRate();
            }
            int retriesSoFar = busyRetries.getOrDefault(due.id(), 0);
            pool.execute(() -> {
                ChargeProcessor.Result result;
                try {
                    result = processor.process(due.id(), retriesSoFar, this);
                } catch (RuntimeException | Error e) {
                    log.error("charge {} could not be processed; the next run retries it", due.id(), e);
                    result = ChargeProcessor.Result.DONE;
                }
                finished.add(new Finished(due, result));
            });
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
            inFlight--;
            ChargeStore.Due due = f.charge();
            busyAuthNos.remove(due.authNo());
            Deque<ChargeStore.Due> next = waiting.get(due.authNo());
            if (next != null) {
                ready.addFirst(next.pollFirst());
                if (next.isEmpty()) {
                    waiting.remove(due.authNo());
                }
            }
            switch (f.result().ending()) {
                case RETRY -> {
                    busyRetries.merge(due.id(), 1, Integer::sum);
                    retries.add(new Retry(f.result().retryAt(), due));
                }
                case NOT_STARTED -> queued.remove(due.id()); // left as it was; a later pass may take it
                case DONE, NOT_DUE, LEFT_FOR_NEXT_SWEEP -> {
                    queued.remove(due.id());
                    done.add(due.id());
                }
            }
        }

        private void reportProgress(boolean force) {
            Instant now = clock.instant();
            if (force || !now.isBefore(lastProgress.plus(PROGRESS_EVERY)) || now.isBefore(lastProgress)) {
                lastProgress = now;
                try {
                    control.progress(tally.progress(inFlight));
                } catch (RuntimeException e) {
                    log.warn("progress listener failed", e);
                }
            }
        }
    }

    private record Finished(ChargeStore.Due charge, ChargeProcessor.Result result) {}

    private record Retry(Instant at, ChargeStore.Due charge) {}

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
