package io.authpay.billing.charge;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The delays and limits of {@link ChargePolicy}, one schedule per kind of failure: the {@code billing.retry.*}
 * settings. This record is what Spring Boot binds; its defaults and limits are written here once, as
 * annotations, and checked when it binds (a broken one is reported as one line naming the key, the value and
 * what is allowed). {@link #defaults()} binds the defaults alone; {@link #builder()} (for tests) changes some.
 *
 * @param dunningDelays after a soft decline (104, 115, 121, or inquiry status 100), the wait before each
 *     dunning retry: the first decline waits {@code dunningDelays[0]}, and so on; a decline after the last
 *     one fails the charge
 * @param busyBackoff after a 307 (another charge on the same auth_no is in flight), the waits before
 *     each retry in the same run; when they are used up the charge is left DUE for the next sweep
 * @param busyJitterPercent how far each {@code busyBackoff} wait is spread, in percent either way, so
 *     that charges sharing an auth_no do not retry in lockstep (0–100)
 * @param inquiryDelays after an unknown outcome (or a 101), the wait before each inquiry: the first
 *     inquiry waits {@code inquiryDelays[0]}, inquiry n+1 waits {@code inquiryDelays[n]}; when there are
 *     more inquiries than delays the last delay repeats
 * @param maxInquiries how many inquiries may leave an attempt unsettled before the charge goes to
 *     NEEDS_REVIEW
 * @param notChargedRetryDelay when inquiry proves an attempt did not charge (status 101 or 102), the
 *     wait before a new attempt (moved into the window)
 * @param unknownBreakerThreshold how many UNKNOWN outcomes in a row stop the run: the gateway looks broken
 * @param requestErrorBreakerThreshold how many REQUEST_ERROR outcomes (110, 200, 201) in a row stop the
 *     run: the configuration looks wrong
 * @param unknownBindingBreakerThreshold how many 301/302 answers (invalid or cancelled auth_no) in a row
 *     stop the run: JKoPay does not know our bindings, so the base URL or the store id is wrong, and
 *     revoking every customer would be the worst reading of it
 */
@ConfigurationProperties("billing.retry")
@Validated
record RetrySettings(
        @DefaultValue({"1d", "3d", "5d"}) @NotEmpty(message = "must list at least one delay")
        List<
                        @NotNull(message = "must not contain an empty delay")
                        @DurationMin(millis = 0, message = "must not contain a negative delay") Duration>
                dunningDelays,

        @DefaultValue({"2s", "5s", "15s", "60s"}) @NotEmpty(message = "must list at least one delay")
        List<
                        @NotNull(message = "must not contain an empty delay")
                        @DurationMin(millis = 0, message = "must not contain a negative delay") Duration>
                busyBackoff,

        @DefaultValue("20")
        @Min(value = 0, message = "must be 0 to 100")
        @Max(value = 100, message = "must be 0 to 100")
        int busyJitterPercent,

        @DefaultValue({"1m", "5m", "30m", "2h"}) @NotEmpty(message = "must list at least one delay")
        List<
                        @NotNull(message = "must not contain an empty delay")
                        @DurationMin(millis = 0, message = "must not contain a negative delay") Duration>
                inquiryDelays,

        @DefaultValue("4") @Min(value = 1, message = "must be at least 1")
        int maxInquiries,

        @DefaultValue("5m") @NotNull(message = "must be set") @DurationMin(millis = 0, message = "must not be negative")
        Duration notChargedRetryDelay,

        @DefaultValue("10") @Min(value = 1, message = "must be at least 1")
        int unknownBreakerThreshold,

        @DefaultValue("3") @Min(value = 1, message = "must be at least 1")
        int requestErrorBreakerThreshold,

        @DefaultValue("5") @Min(value = 1, message = "must be at least 1")
        int unknownBindingBreakerThreshold) {

    RetrySettings {
        // Copies that cannot change after the fact; a hole is kept for the validation to name, not thrown on here.
        dunningDelays = frozen(dunningDelays);
        busyBackoff = frozen(busyBackoff);
        inquiryDelays = frozen(inquiryDelays);
    }

    /** The defaults above, bound from no settings at all. */
    static RetrySettings defaults() {
        return Defaults.INSTANCE;
    }

    /** A builder that starts from {@link #defaults()}. */
    static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder that starts from these settings. */
    Builder toBuilder() {
        return new Builder(this);
    }

    private static List<Duration> frozen(List<Duration> delays) {
        return delays == null ? null : Collections.unmodifiableList(new ArrayList<>(delays));
    }

    private static final class Defaults {
        static final RetrySettings INSTANCE = new Binder().bindOrCreate("billing.retry", RetrySettings.class);
    }

    /** Changes some settings and keeps the others (tests build policies with it). */
    static final class Builder {
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

        Builder dunningDelays(Duration... delays) {
            dunningDelays = List.of(delays);
            return this;
        }

        Builder busyBackoff(Duration... delays) {
            busyBackoff = List.of(delays);
            return this;
        }

        Builder busyJitterPercent(int percent) {
            busyJitterPercent = percent;
            return this;
        }

        Builder inquiryDelays(Duration... delays) {
            inquiryDelays = List.of(delays);
            return this;
        }

        Builder maxInquiries(int inquiries) {
            maxInquiries = inquiries;
            return this;
        }

        Builder notChargedRetryDelay(Duration delay) {
            notChargedRetryDelay = delay;
            return this;
        }

        Builder unknownBreakerThreshold(int outcomesInARow) {
            unknownBreakerThreshold = outcomesInARow;
            return this;
        }

        Builder requestErrorBreakerThreshold(int outcomesInARow) {
            requestErrorBreakerThreshold = outcomesInARow;
            return this;
        }

        Builder unknownBindingBreakerThreshold(int answersInARow) {
            unknownBindingBreakerThreshold = answersInARow;
            return this;
        }

        RetrySettings build() {
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
