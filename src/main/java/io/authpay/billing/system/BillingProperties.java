package io.authpay.billing.system;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code billing.*} setting. Pass any of them on the command line as {@code --billing.x.y=value},
 * or as environment variables ({@code BILLING_AUTHPAY_SECRET_KEY}).
 *
 * @param authpay the JKoPay AuthPay gateway and the merchant's credentials
 * @param window the hours in which JKoPay accepts charges
 * @param clock the program's clock
 * @param charge how the daily job charges
 * @param database where the embedded database keeps its data
 */
@ConfigurationProperties("billing")
public record BillingProperties(
        @DefaultValue Authpay authpay,
        @DefaultValue Window window,
        @DefaultValue ClockSettings clock,
        @DefaultValue Charge charge,
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
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration responseTimeout) {

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
            @DefaultValue("20:00") LocalTime end) {}

    /**
     * @param start when set, the program's clock starts at this instant and runs at real speed from
     *     there (a simulated day for the sandbox and tests)
     */
    public record ClockSettings(Instant start) {}

    /**
     * @param concurrency how many charges the daily job keeps in flight at once (different auth_nos)
     * @param maxRate the most charges started per second; 0 means no limit
     */
    public record Charge(
            @DefaultValue("16") int concurrency,
            @DefaultValue("0") int maxRate) {}

    /** @param embeddedDir the folder of the embedded MariaDB, used when no spring.datasource.url is set */
    public record Database(@DefaultValue("var/db") Path embeddedDir) {}
}
