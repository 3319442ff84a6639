package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ResultCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Scripted misbehaviour of the sandbox. Thread-safe; change it while the sandbox runs. Randomness
 * (random latency, fractions) comes from one generator seeded by the builder, so a single-threaded
 * run repeats exactly.
 *
 * <p>Rules apply in the order they were added; one call meets at most one rule per stage, and a rule
 * limited by {@link FaultTarget#times(int)} is spent only by the calls it actually shaped. A charge's
 * scripted fault (result code, timeout after charge, 999 after charge) is consulted only once the
 * charge has passed every real check (301 to 305): a scripted 104 never hides a real 306.
 */
public final class SandboxFaults {

    private enum Kind {
        RESULT_CODE,
        TIMEOUT_AFTER_CHARGE,
        INTERNAL_ERROR_AFTER_CHARGE,
        BROKEN_BEFORE_PROCESSING,
        BROKEN_AFTER_PROCESSING
    }

    private static final class Rule {
        final Kind kind;
        final AuthPayEndpoint endpoint;
        final FaultTarget target;
        final ResultCode code;
        final Duration withheldFor;
        final BrokenAnswer broken;
        int remaining;

        Rule(
                Kind kind,
                AuthPayEndpoint endpoint,
                FaultTarget target,
                ResultCode code,
                Duration withheldFor,
                BrokenAnswer b) {
            this.kind = kind;
            this.endpoint = endpoint;
            this.target = Objects.requireNonNull(target, "target");
            this.code = code;
            this.withheldFor = withheldFor;
            this.broken = b;
            this.remaining = target.times();
        }
    }

    /** What a charge that passed every real check meets instead of a plain success. */
    record ChargeFault(Fault fault, ResultCode code, Duration withheldFor) {}

    private final long initialSeed;
    private final List<Rule> rules = new ArrayList<>();
    private Random random;
    private Duration minLatency = Duration.ZERO;
    private Duration maxLatency = Duration.ZERO;
    private boolean latencyOnAllEndpoints;

    SandboxFaults(long seed) {
        this.initialSeed = seed;
        this.random = new Random(seed);
    }

    /** Every transaction call (or every call, see {@link #latencyOnAllEndpoints}) takes this long. */
    public synchronized SandboxFaults latency(Duration fixed) {
        return latency(fixed, fixed);
    }

    /**
     * Every transaction call takes a uniformly random time from {@code min} to {@code max}. A charge
     * keeps its {@code auth_no} in flight for that time, so concurrent charges on one binding meet 307.
     */
    public synchronized SandboxFaults latency(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency needs 0 <= min <= max, not " + min + ".." + max);
        }
        this.minLatency = min;
        this.maxLatency = max;
        return this;
    }

    /** Whether the latency applies to all six endpoints instead of the transaction endpoint only. */
    public synchronized SandboxFaults latencyOnAllEndpoints(boolean all) {
        this.latencyOnAllEndpoints = all;
        return this;
    }

    /**
     * Charges hit by the target answer this code instead of succeeding, and nothing is charged. A decline
     * code (104, 115, 121, 303) leaves the order as failed (inquiry status 100); any other code leaves
     * no order (inquiry 102).
     */
    public synchronized SandboxFaults resultCode(ResultCode code, FaultTarget target) {
        if (code == ResultCode.SUCCESS) {
            throw new IllegalArgumentException("000 is what happens without a fault");
        }
        rules.add(new Rule(Kind.RESULT_CODE, AuthPayEndpoint.CHARGE, target, code, null, null));
        return this;
    }

    /** Charges hit by the target answer 999 and nothing is charged. */
    public SandboxFaults internalErrorWithoutEffect(FaultTarget target) {
        return resultCode(ResultCode.INTERNAL_ERROR, target);
    }

    /** Charges hit by the target take effect (ledger, order paid), and then answer 999. */
    public synchronized SandboxFaults internalErrorAfterCharge(FaultTarget target) {
        rules.add(new Rule(Kind.INTERNAL_ERROR_AFTER_CHARGE, AuthPayEndpoint.CHARGE, target, null, null, null));
        return this;
    }

    /**
     * Charges hit by the target take effect (ledger, order paid), then the answer is withheld for
     * {@code withheldFor} (make it longer than the client's timeout) and the connection is closed without
     * one. The {@code auth_no} is no longer in flight meanwhile: the charge itself is over.
     */
    public synchronized SandboxFaults timeoutAfterCharge(Duration withheldFor, FaultTarget target) {
        if (withheldFor.isNegative()) {
            throw new IllegalArgumentException("withheldFor is negative");
        }
        rules.add(new Rule(Kind.TIMEOUT_AFTER_CHARGE, AuthPayEndpoint.CHARGE, target, null, withheldFor, null));
        return this;
    }

    /**
     * Calls to the endpoint hit by the target are processed as usual (a charge or refund takes effect),
     * and then the answer is replaced by a broken one: the worst case for a client.
     */
    public synchronized SandboxFaults brokenAnswer(AuthPayEndpoint endpoint, BrokenAnswer answer, FaultTarget target) {
        rules.add(new Rule(Kind.BROKEN_AFTER_PROCESSING, endpoint, target, null, null, answer));
        return this;
    }

    /**
     * Calls to the endpoint hit by the target get a broken answer and are not processed at all, as when a
     * proxy in front of JKoPay answers.
     */
    public synchronized SandboxFaults brokenAnswerWithoutEffect(
            AuthPayEndpoint endpoint, BrokenAnswer answer, FaultTarget target) {
        rules.add(new Rule(Kind.BROKEN_BEFORE_PROCESSING, endpoint, target, null, null, answer));
        return this;
    }

    /** Restarts the random generator from this seed. */
    public synchronized SandboxFaults seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Removes every fault and the latency, and restarts the random generator from the builder's seed. */
    public synchronized void reset() {
        rules.clear();
        minLatency = Duration.ZERO;
        maxLatency = Duration.ZERO;
        latencyOnAllEndpoints = false;
        random = new Random(initialSeed);
    }

    synchronized Duration latencyFor(AuthPayEndpoint endpoint) {
        if (endpoint != AuthPayEndpoint.CHARGE && !latencyOnAllEndpoints) {
            return Duration.ZERO;
        }
        long min = minLatency.toNanos();
        long spread = maxLatency.toNanos() - min;
        return Duration.ofNanos(spread == 0 ? min : min + random.nextLong(spread + 1));
    }

    synchronized Optional<ChargeFault> takeChargeFault(Subject subject) {
        return take(
                        subject,
                        AuthPayEndpoint.CHARGE,
                        Kind.RESULT_CODE,
                        Kind.TIMEOUT_AFTER_CHARGE,
                        Kind.INTERNAL_ERROR_AFTER_CHARGE)
                .map(rule -> switch (rule.kind) {
                    case RESULT_CODE -> new ChargeFault(Fault.SCRIPTED_RESULT, rule.code, null);
                    case TIMEOUT_AFTER_CHARGE -> new ChargeFault(Fault.TIMEOUT_AFTER_CHARGE, null, rule.withheldFor);
                    case INTERNAL_ERROR_AFTER_CHARGE ->
                        new ChargeFault(Fault.INTERNAL_ERROR_AFTER_CHARGE, ResultCode.INTERNAL_ERROR, null);
                    default -> throw new IllegalStateException(rule.kind.name());
                });
    }

    synchronized Optional<BrokenAnswer> takeBrokenBeforeProcessing(AuthPayEndpoint endpoint, Subject subject) {
        return take(subject, endpoint, Kind.BROKEN_BEFORE_PROCESSING).map(rule -> rule.broken);
    }

    synchronized Optional<BrokenAnswer> takeBrokenAfterProcessing(AuthPayEndpoint endpoint, Subject subject) {
        return take(subject, endpoint, Kind.BROKEN_AFTER_PROCESSING).map(rule -> rule.broken);
    }

    private Optional<Rule> take(Subject subject, AuthPayEndpoint endpoint, Kind... kinds) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (rule.endpoint == endpoint && List.of(kinds).contains(rule.kind) && rule.target.hits(subject, random)) {
                if (rule.remaining != FaultTarget.UNLIMITED && --rule.remaining == 0) {
                    it.remove();
                }
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
