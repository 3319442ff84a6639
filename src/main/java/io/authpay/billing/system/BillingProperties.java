package io.authpay.billing.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code billing.*} settings used across packages (those of one package live there, in a record of the
 * same convention: {@code billing.retry.*} in {@code charge.RetrySettings}, {@code billing.nightly.*} in
 * {@code charge.NightlyProperties}). Pass any of them on the command line as {@code --billing.x.y=value},
 * or as environment variables ({@code BILLING_AUTHPAY_SECRET_KEY}).
 *
 * <p>The convention for every settings record: its limits are Bean Validation annotations on its
 * components ({@code @Min}, {@code @DurationMin}, {@code @Pattern}; a rule over several fields is an
 * {@code @AssertTrue} method), and the record is {@code @Validated}. Spring Boot checks them when it
 * binds, before any bean uses them, and the command line reports each broken one as one line naming the
 * key, the value and what is allowed (exit code 2).
 *
 * @param authpay the JKoPay AuthPay gateway and the merchant's credentials
 * @param window the hours in which JKoPay accepts charges
 * @param clock the program's clock
 * @param charge how the daily job charges
 * @param database where the embedded database keeps its data
 */
@ConfigurationProperties("billing")
@Validated
public record BillingProperties(
        @DefaultValue @Valid Authpay authpay,
        @DefaultValue @Valid Window window,
        @DefaultValue ClockSettings clock,
        @DefaultValue @Valid Charge charge,
        @DefaultValue Database database) {

    /**
     * The gateway.
     *
     * @param baseUrl the host JKoPay gave the merchant, e.g. {@code https://onlinepay.jkopay.com}
     * @param apiKey the merchant's API key, sent as the {@code api-key} header
     * @param secretKey the merchant's secret key for the {@code digest} header; never logged
     * @param storeId the merchant's store id (36 characters)
     * @param connectTimeout how long to wait for a connection
     * @param responseTimeout how long to wait for an answer; a charge without an answer by then is UNKNOWN
     */
    public record Authpay(
            String baseUrl,
            String apiKey,
            String secretKey,
            String storeId,

            @DefaultValue("5s") @DurationMin(millis = 1, message = "must be positive")
            Duration connectTimeout,

            @DefaultValue("30s") @DurationMin(millis = 1, message = "must be positive")
            Duration responseTimeout) {

        @Override
        public String toString() {
            return "Authpay[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "set")
                    + ", secretKey=" + (secretKey == null ? "unset" : "set") + ", storeId=" + storeId
                    + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + "]";
        }
    }

    /**
     * JKoPay accepts charges from {@code start} to {@code end} in {@code zone}.
     *
     * @param zone the zone of the window and of every billing date
     * @param start the first moment a charge is accepted
     * @param end the first moment charges are refused again
     */
    public record Window(
            @DefaultValue("Asia/Taipei") ZoneId zone,
            @DefaultValue("08:00") LocalTime start,
            @DefaultValue("20:00") LocalTime end) {

        /** A window spanning midnight would make "the window of a day" ambiguous; JKoPay's does not. */
        @AssertTrue(message = "start must be before end on the same day")
        boolean isStartBeforeEnd() {
            return start == null || end == null || start.isBefore(end);
        }

        /**
         * The report keeps its attempt totals by UTC hour, so a day in the zone must start on one: every offset
         * the zone has used since 2000 or will use by its rules is a whole number of hours (Asia/Taipei: +8).
         */
        @AssertTrue(
                message = "zone must be a whole number of hours from UTC, as the report's totals are kept by the hour")
        boolean isZoneOnWholeHours() {
            if (zone == null) {
                return true;
            }
            java.time.zone.ZoneRules rules = zone.getRules();
            Instant since = Instant.parse("2000-01-01T00:00:00Z");
            return java.util.stream.Stream.of(
                            java.util.stream.Stream.of(rules.getOffset(since)),
                            rules.getTransitions().stream()
                                    .filter(t -> t.getInstant().isAfter(since))
                                    .map(java.time.zone.ZoneOffsetTransition::getOffsetAfter),
                            rules.getTransitionRules().stream()
                                    .flatMap(
                                            r -> java.util.stream.Stream.of(r.getOffsetAfter(), r.getStandardOffset())))
                    .flatMap(offsets -> offsets)
                    .allMatch(offset -> offset.getTotalSeconds() % 3600 == 0);
        }
    }

    /**
     * @param start when set, the program's clock starts at this instant and runs at real speed from
     *     there (a simulated day for the sandbox and tests)
     */
    public record ClockSettings(Instant start) {}

    /**
     * @param concurrency how many charges the daily job keeps in flight at once (different auth_nos)
     * @param maxRate the most charges started per second; 0 means no limit
     * @param windowGuard how long before the billing window closes the daily job stops starting calls, so
     *     that no call reaches JKoPay after the window's end
     * @param leaseMargin what the auth_no lease adds to the gateway's connect and response timeouts: a lease
     *     must outlive any call made under it
     * @param orderIdPrefix the first part of every {@code platform_order_id} ({@code <prefix>-<charge id>-<attempt
     *     no>}); give each database its own, so that two databases never send JKoPay the same id
     * @param pageSize how many due charges the daily job reads at a time
     * @param partitions how many partitions the daily job's charge step splits the due charges into, by a
     *     hash of their auth_no (so two partitions never want one auth_no); the partitions share this
     *     node's {@code concurrency} and {@code max-rate}
     * @param partitionsPerNode under {@code serve}, how many partitions (of any node's runs) one node runs at
     *     once; they share its {@code concurrency}
     */
    public record Charge(
            @DefaultValue("16") @Min(1) int concurrency,
            @DefaultValue("0") @Min(0) int maxRate,

            @DefaultValue("2s") @DurationMin(millis = 0, message = "must not be negative")
            Duration windowGuard,

            @DefaultValue("15s") @DurationMin(millis = 0, message = "must not be negative")
            Duration leaseMargin,

            @DefaultValue("ab")
            @Pattern(regexp = "[A-Za-z0-9_-]{1,24}", message = "must be 1 to 24 letters, digits, '-' or '_'")
            String orderIdPrefix,

            @DefaultValue("500") @Min(1) int pageSize,
            @DefaultValue("4") @Min(1) @Max(256) int partitions,
            @DefaultValue("2") @Min(1) @Max(256) int partitionsPerNode) {}

    /**
     * @param embeddedDir the folder of the embedded MariaDB, used when no spring.datasource.url is set
     * @param allowEmbedded whether {@code serve} may run on the embedded database (it refuses by default:
     *     several nodes cannot share it)
     */
    public record Database(
            @DefaultValue("var/db") Path embeddedDir,
            @DefaultValue("false") boolean allowEmbedded) {

        /** The key of {@link #allowEmbedded()}. */
        public static final String ALLOW_EMBEDDED_KEY = "billing.database.allow-embedded";
    }
}
