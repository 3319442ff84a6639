package io.authpay.billing.charge;

import io.authpay.billing.authpay.BindingDetail;
import io.authpay.billing.authpay.BindingStatus;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.system.DbTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One nightly binding refresh. It asks JKoPay ({@code detail}) only about the bindings of live (ACTIVE or
 * PAST_DUE) subscriptions that matter, as {@link Candidate#needsRefresh} decides, with up to {@code
 * billing.nightly.concurrency} calls in flight and at most {@code billing.nightly.max-rate} started per
 * second. A binding JKoPay reports cancelled (status cancel, or 302) or does not know (301) has its
 * subscriptions revoked, under the {@link UnknownBindingsGuard}: many 301/302 in a row fail the step and
 * revoke nobody for them. A call without a usable answer changes nothing.
 */
final class BindingRefreshRun {

    /** How a binding's subscriptions are revoked (the nightly job's one way of doing it). */
    @FunctionalInterface
    interface Revocation {
        void revoke(String authNo, String reason, String details, boolean markBindingCancelled);
    }

    /** Live bindings read per statement. */
    static final int PAGE_SIZE = 1000;

    /**
     * How many detail calls in a row without a usable answer stop the refresh: the gateway looks broken,
     * as the charge run's breaker says after as many UNKNOWN outcomes.
     */
    static final int FAILURE_THRESHOLD = 10;

    /** How far ahead a charge counts as due: the morning run after this night. */
    static final Duration DUE_AHEAD = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(BindingRefreshRun.class);

    private final JdbcTemplate jdbc;
    private final BindingService bindingService;
    private final NightlyProperties settings;
    private final Revocation revocation;
    private final Instant now;
    private final UnknownBindingsGuard guard;
    private final AtomicInteger refreshed = new AtomicInteger();
    private final AtomicInteger revoked = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<RuntimeException> crash = new AtomicReference<>();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicReference<String> broken = new AtomicReference<>();
    private long nextStartNanos = System.nanoTime();

    BindingRefreshRun(
            JdbcTemplate jdbc,
            BindingService bindingService,
            NightlyProperties settings,
            Revocation revocation,
            Instant now) {
        this.jdbc = jdbc;
        this.bindingService = bindingService;
        this.settings = settings;
        this.revocation = revocation;
        this.now = now;
        this.guard = new UnknownBindingsGuard(settings.unknownBindingsThreshold());
    }

    /**
     * A live binding as the selection reads it.
     *
     * @param dueAt when its earliest open (DUE or RETRY_SCHEDULED) charge may next be tried; null if none
     * @param attentionAt when a charge on it was last answered 301, 302 or 304 within the refresh age; null
     *     if never
     */
    record Candidate(String authNo, String status, Instant refreshedAt, Instant dueAt, Instant attentionAt) {

        /** The one place that decides which bindings the nightly run asks JKoPay about. */
        boolean needsRefresh(Instant now, NightlyProperties settings) {
            if ("CANCELLED".equals(status) || refreshedAt == null) {
                // a cancel stored by a run that stopped before revoking; or a binding we never asked about
                return true;
            }
            if (refreshedAt.isBefore(now.minus(settings.bindingRefreshAge()))) {
                return true;
            }
            if (dueAt != null
                    && dueAt.isBefore(now.plus(DUE_AHEAD))
                    && refreshedAt.isBefore(now.minus(settings.dueRefreshAge()))) {
                return true;
            }
            return attentionAt != null && refreshedAt.isBefore(attentionAt);
        }
    }

    NightlyRefresh run(RunControl control) {
        Map<String, Instant> attention = attentionSince(now.minus(settings.bindingRefreshAge()));
        Semaphore slots = new Semaphore(settings.concurrency());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), task -> {
            Thread thread = new Thread(task, "binding-refresh-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        boolean stopped = false;
        try {
            String after = "";
            pages:
            while (true) {
                List<Candidate> page = page(after, attention);
                for (Candidate candidate : page) {
                    if (!candidate.needsRefresh(now, settings)) {
                        continue;
                    }
                    if (guard.reason().isPresent() || crash.get() != null || broken.get() != null) {
                        break pages;
                    }
                    if (control.stopRequested()) {
                        stopped = true;
                        break pages;
                    }
                    slots.acquireUninterruptibly();
                    pace();
                    pool.execute(() -> {
                        try {
                            refreshOne(candidate.authNo());
                        } catch (RuntimeException e) {
                            crash.compareAndSet(null, e);
                        } finally {
                            slots.release();
                        }
                    });
                }
                if (page.size() < PAGE_SIZE) {
                    break;
                }
                after = page.get(page.size() - 1).authNo();
            }
        } finally {
            pool.shutdown();
            slots.acquireUninterruptibly(settings.concurrency()); // every call in flight has ended
        }
        if (crash.get() != null) {
            throw crash.get();
        }
        if (broken.get() != null) {
            finish(stopped);
            throw new IllegalStateException(broken.get());
        }
        Optional<String> tripped = guard.reason();
        if (tripped.isPresent()) {
            finish(stopped);
            throw new UnknownBindingsException(tripped.get());
        }
        guard.release().forEach(this::revokeHeld);
        return finish(stopped);
    }

    private void pace() {
        if (settings.maxRate() == 0) {
            return;
        }
        // Evenly spaced starts; an idle spell earns no burst.
        long wait = nextStartNanos - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        nextStartNanos = Math.max(nextStartNanos, System.nanoTime()) + TimeUnit.SECONDS.toNanos(1) / settings.maxRate();
    }

    /**
     * The live bindings after {@code afterAuthNo}, in auth_no order. "Live" is a scalar subquery, not EXISTS:
     * MariaDB 11.4 turned the EXISTS into a semi-join that materialized every live subscription for each page,
     * a scan of the whole table per 1,000 bindings (a million subscriptions: 101,000 bindings refreshed in ten
     * minutes); the scalar subquery looks up each binding's subscriptions by {@code ix_subscription_auth_no}.
     */
    private List<Candidate> page(String afterAuthNo, Map<String, Instant> attention) {
        return jdbc.query(
                """
                SELECT b.auth_no, b.status, b.refreshed_at,
                       (SELECT MIN(c.next_attempt_at) FROM charge c
                        WHERE c.auth_no = b.auth_no AND c.status IN ('DUE', 'RETRY_SCHEDULED')) AS due_at
                FROM binding b
                WHERE b.auth_no > ?
                  AND (SELECT 1 FROM subscription s
                       WHERE s.auth_no = b.auth_no AND s.status IN ('ACTIVE', 'PAST_DUE') LIMIT 1) = 1
                ORDER BY b.auth_no LIMIT ?
                """,
                (rs, i) -> new Candidate(
                        rs.getString(1),
                        rs.getString(2),
                        DbTime.instant(rs, 3),
                        DbTime.instant(rs, 4),
                        attention.get(rs.getString(1))),
                afterAuthNo,
                PAGE_SIZE);
    }

    /**
     * The bindings a charge attempt found cancelled, unknown (301, 302) or with another amount (304), and
     * when. Few on a normal day; older answers are covered by the refresh age.
     */
    private Map<String, Instant> attentionSince(Instant since) {
        Map<String, Instant> attention = new HashMap<>();
        jdbc.query(
                """
                SELECT auth_no, MAX(requested_at) FROM charge_attempt
                WHERE outcome IN ('AUTH_REVOKED', 'AMOUNT_MISMATCH') AND requested_at >= ?
                  AND result_code IN ('301', '302', '304')
                GROUP BY auth_no
                """,
                rs -> {
                    attention.put(rs.getString(1), DbTime.instant(rs, 2));
                },
                DbTime.utc(since));
        return attention;
    }

    private void refreshOne(String authNo) {
        GatewayResult<BindingDetail> result = bindingService.refresh(authNo);
        Optional<BindingDetail> detail = result.successValue();
        if (detail.isPresent()) {
            // BindingService stored it already, status included.
            refreshed.incrementAndGet();
            failuresInARow.set(0);
            guard.known().forEach(this::revokeHeld);
            if (detail.get().status() == BindingStatus.CANCELLED) {
                revoked.incrementAndGet();
                revocation.revoke(
                        authNo, "binding cancelled at JKoPay (detail status cancel)", result.describe(), false);
            }
            return;
        }
        if (result instanceof GatewayResult.Answered<BindingDetail> answered
                && (answered.resultCode() == ResultCode.INVALID_AUTH_NO
                        || answered.resultCode() == ResultCode.CANCELED_AUTH_NO)) {
            String reason = answered.resultCode() == ResultCode.INVALID_AUTH_NO
                    ? "JKoPay does not know this auth_no (detail " + result.describe() + ")"
                    : "JKoPay reports this auth_no cancelled (detail " + result.describe() + ")";
            failuresInARow.set(0);
            guard.unknown(new UnknownBindingsGuard.Held(authNo, reason));
            return;
        }
        failed.incrementAndGet();
        if (failuresInARow.incrementAndGet() >= FAILURE_THRESHOLD) {
            broken.compareAndSet(
                    null,
                    FAILURE_THRESHOLD + " detail calls in a row had no usable answer (last: " + result.describe()
                            + "): the gateway looks broken; stopping the refresh");
        }
        log.warn("Nightly billing: detail of binding {} failed, nothing changed: {}", authNo, result.describe());
    }

    private void revokeHeld(UnknownBindingsGuard.Held binding) {
        refreshed.incrementAndGet();
        revoked.incrementAndGet();
        revocation.revoke(binding.authNo(), binding.reason(), null, true);
    }

    private NightlyRefresh finish(boolean stopped) {
        NightlyRefresh result = new NightlyRefresh(refreshed.get(), revoked.get(), failed.get(), stopped);
        log.info(
                "Nightly billing: {} bindings refreshed, {} revoked, {} detail calls failed{}",
                result.refreshed(),
                result.revoked(),
                result.failed(),
                stopped ? " (stopped before the end)" : "");
        return result;
    }
}
