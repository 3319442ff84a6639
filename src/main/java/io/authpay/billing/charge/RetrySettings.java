package io.authpay.billing.charge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The delays and limits of {@link ChargePolicy}, one schedule per kind of failure, as configured under
 * {@code billing.retry.*}. Built with {@link #defaults()} or {@link #builder()}; every instance has been
 * checked, so the policy never meets a negative delay or an empty schedule.
 *
 * @param dunningDelays after a soft decline (104, 115, 121, or inquiry status 100), the wait before each
 *     dunning retry: the first decline waits {@code dunningDelays[0]}, and so on; a decline after the last
 *     one fails the charge. Default 1d, 3d, 5d.
 * @param busyBackoff after a 307 (another charge on the same auth_no is in flight), the waits before
 *     each retry in the same run; when they are used up the charge is left DUE for the next sweep.
 *     Default 2s, 5s, 15s, 60s.
 * @param busyJitterPercent how far each {@code busyBackoff} wait is spread, in percent either way, so
 *     that charges sharing an auth_no do not retry in lockstep. 0–100; default 20 (±20%).
 * @param inquiryDelays after an unknown outcome (or a 101), the wait before each inquiry: the first
 *     inquiry waits {@code inquiryDelays[0]}, inquiry n+1 waits {@code inquiryDelays[n]}; when there are
 *     more inquiries than delays the last delay repeats. Default 1m, 5m, 30m, 2h.
 * @param maxInquiries how many inquiries may leave an attempt unsettled before the charge goes to
 *     NEEDS_REVIEW. At least 1; default 4.
 * @param notChargedRetryDelay when inquiry proves an attempt did not charge (status 101 or 102), the
 *     wait before a new attempt (moved into the window). Default 5m.
 * @param unknownBreakerThreshold how many UNKNOWN outcomes in a row stop the run: the gateway looks
 *     broken. At least 1; default 10.
 * @param requestErrorBreakerThreshold how many REQUEST_ERROR outcomes (110, 200, 201) in a row stop the
 *     run: the configuration looks wrong. At least 1; default 3.
 * @param unknownBindingBreakerThreshold how many 301/302 answers (invalid or cancelled auth_no) in a row
 *     stop the run: JKoPay does not know our bindings, so the base URL or the store id is wrong, and
 *     revoking every customer would be the worst reading of it. At least 1; default 5.
 */
record RetrySettings(
        List<Duration> dunningDelays,
        List<Duration> busyBackoff,
        int busyJitterPercent,
        List<Duration> inquiryDelays,
        int maxInquiries,
        Duration notChargedRetryDelay,
        int unknownBreakerThreshold,
        int requestErrorBreakerThreshold,
        int unknownBindingBreakerThreshold) {

    private static final RetrySettings DEFAULTS = new RetrySettings(
            List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5)),
            List.of(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60)),
            20,
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2)),
            4,
            Duration.ofMinutes(5),
            10,
            3,
            5);

    public RetrySettings {
        dunningDelays = checkedSchedule("dunning-delays", dunningDelays);
        busyBackoff = checkedSchedule("busy-backoff", busyBackoff);
        inquiryDelays = checkedSchedule("inquiry-delays", inquiryDelays);
        checkDelay("not-charged-retry-delay", notChargedRetryDelay);
        if (busyJitterPercent < 0 || busyJitterPercent > 100) {
            throw new IllegalArgumentException(
                    "billing.retry.busy-jitter-percent must be 0–100, was " + busyJitterPercent);
        }
        checkAtLeastOne("max-inquiries", maxInquiries);
        checkAtLeastOne("unknown-breaker-threshold", unknownBreakerThreshold);
        checkAtLeastOne("request-error-breaker-threshold", requestErrorBreakerThreshold);
        checkAtLeastOne("unknown-binding-breaker-threshold", unknownBindingBreakerThreshold);
    }

    /** The defaults of the design's result-code policy. */
    public static RetrySettings defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static List<Duration> checkedSchedule(String key, List<Duration> delays) {
        Objects.requireNonNull(delays, () -> "billing.retry." + key);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("billing.retry." + key + " must list at least one delay");
        }
        delays.forEach(delay -> checkDelay(key, delay));
        return List.copyOf(delays);
    }

    private static void checkDelay(String key, Duration delay) {
        if (delay == null) {
            throw new IllegalArgumentException("billing.retry." + key + " must not contain an empty delay");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("billing.retry." + key + " must not be negative, was " + delay);
        }
    }

    private static void checkAtLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("billing.retry." + key + " must be at least 1, was " + value);
        }
    }

    /** Changes some settings and keeps the others; {@link #build()} checks them all. */
    public static final class Builder {
        private List<Duration> dunningDelays;
        private List<Duration> busyBackoff;
        private int busyJitterPercent;
        private List<Duration> inquiryDelays;
        private int maxInquiries;
        private Duration notChargedRetryDelay;
        private int unknownBreakerThreshold;
        private int requestErrorBreakerThreshold;
        private int unknownBindingBreakerThreshold;

        private Builder(RetrySettings from) {
            dunningDelays = from.dunningDelays;
            busyBackoff = from.busyBackoff;
            busyJitterPercent = from.busyJitterPercent;
            inquiryDelays = from.inquiryDelays;
            maxInquiries = from.maxInquiries;
            notChargedRetryDelay = from.notChargedRetryDelay;
            unknownBreakerThreshold = from.unknownBreakerThreshold;
            requestErrorBreakerThreshold = from.requestErrorBreakerThreshold;
            unknownBindingBreakerThreshold = from.unknownBindingBreakerThreshold;
        }

        public Builder dunningDelays(Duration... delays) {
            dunningDelays = List.of(delays);
            return this;
        }

        public Builder busyBackoff(Duration... delays) {
            busyBackoff = List.of(delays);
            return this;
        }

        public Builder busyJitterPercent(int percent) {
            busyJitterPercent = percent;
            return this;
        }

        public Builder inquiryDelays(Duration... delays) {
            inquiryDelays = List.of(delays);
            return this;
        }

        public Builder maxInquiries(int inquiries) {
            maxInquiries = inquiries;
            return this;
        }

        public Builder notChargedRetryDelay(Duration delay) {
            notChargedRetryDelay = delay;
            return this;
        }

        public Builder unknownBreakerThreshold(int outcomesInARow) {
            unknownBreakerThreshold = outcomesInARow;
            return this;
        }

        public Builder requestErrorBreakerThreshold(int outcomesInARow) {
            requestErrorBreakerThreshold = outcomesInARow;
            return this;
        }

        public Builder unknownBindingBreakerThreshold(int answersInARow) {
            unknownBindingBreakerThreshold = answersInARow;
            return this;
        }

        public RetrySettings build() {
            return new RetrySettings(
                    dunningDelays,
                    busyBackoff,
                    busyJitterPercent,
                    inquiryDelays,
                    maxInquiries,
                    notChargedRetryDelay,
                    unknownBreakerThreshold,
                    requestErrorBreakerThreshold,
                    unknownBindingBreakerThreshold);
        }
    }
}
