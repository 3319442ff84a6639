package io.authpay.billing.metrics;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.OutcomeClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The program's own meters, one method per event, so the code that sees the event says only what
 * happened. Served by {@code serve} on {@code /actuator/prometheus} (names there: dots become underscores,
 * counters end in {@code _total}, timers in {@code _seconds}).
 *
 * <ul>
 *   <li>{@value #ATTEMPTS}: transaction calls, by {@code outcome} class and result {@code code}
 *   <li>{@value #GATEWAY}: gateway latency per {@code endpoint} and {@code outcome}, with a histogram
 *   <li>{@value #LEASE_CONTENTION}: charges that found their auth_no's lease held by another run or node
 *   <li>{@value #WINDOW_DEFERRALS}: 306 answers ({@code reason=code_306}) and runs stopped by the window's
 *       end ({@code reason=window_closed})
 *   <li>{@value #BREAKER_TRIPS}: runs stopped by the circuit breaker
 *   <li>{@value #JOB_DURATION}: job executions by {@code job} and end {@code status}
 *   <li>{@value DueBacklog#NAME}: DUE and RETRY_SCHEDULED charges whose time has come (a gauge)
 *   <li>{@value NeedsReviewGauge#NAME}: charges waiting for an operator (a gauge)
 * </ul>
 */
@Component
public class BillingMetrics {

    static final String ATTEMPTS = "billing.charge.attempts";
    static final String GATEWAY = "billing.gateway.requests";
    static final String LEASE_CONTENTION = "billing.lease.contention";
    static final String WINDOW_DEFERRALS = "billing.window.deferrals";
    static final String BREAKER_TRIPS = "billing.circuit.breaker.trips";
    static final String JOB_DURATION = "billing.job.duration";

    // A result code from the wire becomes a tag: anything but a three-digit code or one of our own labels
    // ("TIMEOUT", "HTTP 502") is counted as OTHER, so a garbled answer cannot mint new time series.
    private static final Pattern TAGGABLE_CODE = Pattern.compile("[0-9]{3}|[A-Z][A-Z_]{0,30}|HTTP [0-9]{3}");

    private final MeterRegistry registry;

    @Autowired
    BillingMetrics(ObjectProvider<MeterRegistry> registry) {
        this(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    private BillingMetrics(MeterRegistry registry) {
        this.registry = registry;
        // The rare events' series exist from the start, at 0: a dashboard or an alert on them needs no first event.
        leaseContention();
        windowDeferrals("code_306");
        windowDeferrals("window_closed");
        breakerTrips();
    }

    /** Meters kept in {@code registry} (tests, and code built outside Spring). */
    public static BillingMetrics of(MeterRegistry registry) {
        return new BillingMetrics(registry);
    }

    /** Meters nobody reads. */
    public static BillingMetrics discarding() {
        return new BillingMetrics(new SimpleMeterRegistry());
    }

    /** One call of the transaction endpoint ended with this outcome. */
    public void chargeAttempted(OutcomeClass outcome, String code) {
        Counter.builder(ATTEMPTS)
                .description("Transaction calls by outcome class and result code")
                .tag("outcome", outcome.name())
                .tag("code", code != null && TAGGABLE_CODE.matcher(code).matches() ? code : "OTHER")
                .register(registry)
                .increment();
        if (outcome == OutcomeClass.OUTSIDE_WINDOW) {
            windowDeferral("code_306");
        }
    }

    /** One call of a gateway endpoint took {@code latency} and ended with {@code outcome}. */
    public void gatewayCall(AuthPayEndpoint endpoint, OutcomeClass outcome, Duration latency) {
        Timer.builder(GATEWAY)
                .description("JKoPay AuthPay calls: latency per endpoint")
                .tag("endpoint", endpoint.name().toLowerCase(java.util.Locale.ROOT))
                .tag("outcome", outcome.name())
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.95, 0.99)
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(latency);
    }

    /** A charge found its auth_no's lease held elsewhere and waits for it. */
    public void leaseContended() {
        leaseContention().increment();
    }

    private Counter leaseContention() {
        return Counter.builder(LEASE_CONTENTION)
                .description("Charges that found their auth_no lease held by another run or node")
                .register(registry);
    }

    /** The billing window deferred work: a 306 answer, or a run stopped because the window closed. */
    public void windowDeferral(String reason) {
        windowDeferrals(reason).increment();
    }

    private Counter windowDeferrals(String reason) {
        return Counter.builder(WINDOW_DEFERRALS)
                .description("Work deferred by the billing window: 306 answers and runs stopped at its end")
                .tag("reason", reason)
                .register(registry);
    }

    /** A daily run was stopped by its circuit breaker. */
    public void circuitBreakerTripped() {
        breakerTrips().increment();
    }

    private Counter breakerTrips() {
        return Counter.builder(BREAKER_TRIPS)
                .description("Daily runs stopped by the circuit breaker (unknown or rejected outcomes in a row)")
                .register(registry);
    }

    /** A job execution of this process ended with {@code status} after {@code duration}. */
    public void jobRun(String job, String status, Duration duration) {
        Timer.builder(JOB_DURATION)
                .description("Job executions run by this process, by job and end status")
                .tag("job", job)
                .tag("status", status)
                .register(registry)
                .record(duration);
    }
}
