package io.authpay.billing.charge;

import io.authpay.billing.system.BillingProperties;
import io.authpay.billing.system.DbTime;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-auth_no lock of the design: a lease on the {@code binding} row, so that one charge is in flight
 * per auth_no across threads and nodes. Leases are judged by the database's clock ({@code NOW(6)}, UTC on
 * every connection), never by a node's, and last longer than any gateway call made under them, so a lease
 * can only expire under a process that died (or stalled far beyond its timeouts).
 */
@Component
class BindingLease {

    private static final Logger log = LoggerFactory.getLogger(BindingLease.class);

    /** Who holds leases taken by this process: host and process id; each lease adds a random part. */
    private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration duration;
    private final TransactionTemplate withoutTransaction;

    BindingLease(
            JdbcTemplate jdbc, Clock clock, BillingProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.withoutTransaction = ChargeStore.withoutTransaction(transactions);
        this.clock = clock;
        BillingProperties.Authpay authpay = properties.authpay();
        // A charge may wait for a pooled connection (up to the response timeout), connect, and wait for the
        // answer: the lease outlives all three, plus a margin for the database writes around the call.
        this.duration = authpay.connectTimeout()
                .plus(authpay.responseTimeout().multipliedBy(2))
                .plus(properties.charge().leaseMargin());
    }

    /** A lease this process holds on one auth_no. */
    public record Lease(String authNo, String owner) {
        public Lease {
            Objects.requireNonNull(authNo, "authNo");
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** Whether a lease taken {@code waited} ago has lost enough of its time to be renewed before a call. */
    boolean agedBy(Duration waited) {
        return waited.compareTo(duration.dividedBy(10)) > 0;
    }

    /** How long a lease lasts from its last renewal. */
    public Duration duration() {
        return duration;
    }

    /** Takes the lease on {@code authNo}; empty when another holder's lease has not expired yet. */
    public Optional<Lease> acquire(String authNo) {
        String owner = owner();
        int rows = jdbc.update(
                "UPDATE binding SET lock_owner = ?, lock_until = NOW(6) + INTERVAL ? MICROSECOND, updated_at = ?"
                        + " WHERE auth_no = ? AND (lock_until IS NULL OR lock_until < NOW(6))",
                owner,
                micros(duration),
                stamp(),
                authNo);
        return rows == 1 ? Optional.of(new Lease(authNo, owner)) : Optional.empty();
    }

    /**
     * Extends the lease by {@link #duration()} from now, before another gateway call under it. False when it
     * is no longer ours (it expired and was freed or taken): then nothing may be sent under it.
     */
    public boolean renew(Lease lease) {
        return jdbc.update(
                        "UPDATE binding SET lock_until = NOW(6) + INTERVAL ? MICROSECOND, updated_at = ?"
                                + " WHERE auth_no = ? AND lock_owner = ?",
                        micros(duration),
                        stamp(),
                        lease.authNo(),
                        lease.owner())
                == 1;
    }

    /** Gives the lease back, only if it is still ours. */
    public void release(Lease lease) {
        int rows = jdbc.update(
                "UPDATE binding SET lock_owner = NULL, lock_until = NULL, updated_at = ?"
                        + " WHERE auth_no = ? AND lock_owner = ?",
                stamp(),
                lease.authNo(),
                lease.owner());
        if (rows == 0) {
            log.warn("the lease on auth_no {} was no longer ours when released", lease.authNo());
        }
    }

    /**
     * Frees the leases of dead processes. First, a charge left IN_FLIGHT under an expired (or already
     * released) lease lost its process between writing the attempt and writing its outcome: it becomes
     * UNKNOWN, due for inquiry now, never charged blindly. Then the expired leases are cleared. Returns how
     * many leases it freed.
     */
    public int freeExpired() {
        // Committed at once even when a caller's transaction is open: live workers wait on these rows. The
        // partitions of a run each start with this sweep while the others claim: a deadlock between them
        // is retried (both statements are idempotent), not the end of the partition.
        Integer freed = ChargeStore.retryingDeadlocks(() -> withoutTransaction.execute(status -> freeExpiredNow()));
        return freed == null ? 0 : freed;
    }

    private int freeExpiredNow() {
        int abandoned = abandonInFlight();
        int freed = jdbc.update(
                "UPDATE binding SET lock_owner = NULL, lock_until = NULL, updated_at = ? WHERE lock_until < NOW(6)",
                stamp());
        if (abandoned > 0 || freed > 0) {
            log.info("freed {} expired auth_no leases; {} charges left in flight became UNKNOWN", freed, abandoned);
        }
        return freed;
    }

    /**
     * Turns every charge that is IN_FLIGHT without a live lease on its auth_no into UNKNOWN, due for inquiry
     * now. Returns how many.
     */
    int abandonInFlight() {
        return jdbc.update("""
                UPDATE charge c JOIN binding b ON b.auth_no = c.auth_no
                SET c.status = 'UNKNOWN', c.next_attempt_at = ?, c.updated_at = ?, c.last_outcome = 'UNKNOWN',
                    c.review_reason = 'the process charging it stopped before recording the outcome;\
                 settling by inquiry, never charging again blindly'
                WHERE c.status = 'IN_FLIGHT' AND (b.lock_until IS NULL OR b.lock_until < NOW(6))
                """, DbTime.utc(clock.instant()), stamp());
    }

    /**
     * Turns the charges of one auth_no that are IN_FLIGHT into UNKNOWN: called by the holder of its lease,
     * for whom any such charge was left by a process whose lease expired. Returns how many.
     */
    int abandonInFlight(Lease lease) {
        return jdbc.update("""
                UPDATE charge SET status = 'UNKNOWN', next_attempt_at = ?, updated_at = ?, last_outcome = 'UNKNOWN',
                    review_reason = 'the process charging it stopped before recording the outcome;\
                 settling by inquiry, never charging again blindly'
                WHERE auth_no = ? AND status = 'IN_FLIGHT'
                """, DbTime.utc(clock.instant()), stamp(), lease.authNo());
    }

    /**
     * A new claim token: the owner of every lease one batch claim takes, so that the claimer reads back
     * exactly the leases it won.
     */
    static String newToken() {
        return owner();
    }

    /**
     * Takes the leases of those of {@code authNos} that are free (or expired) for {@code token}, in one
     * statement, and returns the ones won; joins the caller's transaction. Two claimers racing on shared
     * auth_nos get disjoint sets: each row is updated by exactly one of them.
     */
    List<String> acquireAll(Collection<String> authNos, String token) {
        if (authNos.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(token);
        args.add(micros(duration));
        args.add(stamp());
        args.addAll(authNos);
        String in = SubscriptionStore.placeholders(authNos.size());
        jdbc.update(
                "UPDATE binding SET lock_owner = ?, lock_until = NOW(6) + INTERVAL ? MICROSECOND, updated_at = ?"
                        + " WHERE auth_no IN (" + in + ") AND (lock_until IS NULL OR lock_until < NOW(6))",
                args.toArray());
        List<Object> read = new ArrayList<>(authNos);
        read.add(token);
        return jdbc.queryForList(
                "SELECT auth_no FROM binding WHERE auth_no IN (" + in + ") AND lock_owner = ?",
                String.class,
                read.toArray());
    }

    /** Gives back these leases, those still ours, in one statement; joins the caller's transaction. */
    int releaseAll(Collection<Lease> leases) {
        if (leases.isEmpty()) {
            return 0;
        }
        Set<String> owners = new LinkedHashSet<>();
        List<Object> args = new ArrayList<>();
        args.add(stamp());
        for (Lease lease : leases) {
            args.add(lease.authNo());
            owners.add(lease.owner());
        }
        args.addAll(owners);
        // Tokens are unique per claim and an auth_no is leased once at a time: the pairs are exact.
        return jdbc.update(
                "UPDATE binding SET lock_owner = NULL, lock_until = NULL, updated_at = ? WHERE auth_no IN ("
                        + SubscriptionStore.placeholders(leases.size()) + ") AND lock_owner IN ("
                        + SubscriptionStore.placeholders(owners.size()) + ")",
                args.toArray());
    }

    /**
     * {@link #abandonInFlight(Lease)} for many auth_nos whose leases the caller just won, in one statement.
     */
    int abandonInFlight(Collection<String> authNos) {
        if (authNos.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>();
        LocalDateTime now = stamp();
        args.add(now);
        args.add(now);
        args.addAll(authNos);
        return jdbc.update("""
                UPDATE charge FORCE INDEX (ix_charge_auth_no)
                SET status = 'UNKNOWN', next_attempt_at = ?, updated_at = ?, last_outcome = 'UNKNOWN',
                    review_reason = 'the process charging it stopped before recording the outcome;\
                 settling by inquiry, never charging again blindly'
                WHERE status = 'IN_FLIGHT' AND auth_no IN (\
                """ + SubscriptionStore.placeholders(authNos.size()) + ")", args.toArray());
    }

    /**
     * The {@code updated_at} of a row written now: the program's clock, never the database's. (The lease's
     * own {@code lock_until} stays on the database's clock, which every node shares.)
     */
    private LocalDateTime stamp() {
        return DbTime.utc(clock.instant());
    }

    private static String owner() {
        String owner = NODE + ":" + UUID.randomUUID().toString().substring(0, 8);
        return owner.length() <= 100 ? owner : owner.substring(owner.length() - 100);
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }
}
