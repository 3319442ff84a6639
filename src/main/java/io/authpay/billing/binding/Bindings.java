package io.authpay.billing.binding;

import io.authpay.billing.authpay.BindingDetail;
import io.authpay.billing.authpay.BindingLink;
import io.authpay.billing.authpay.CreateBindingRequest;
import io.authpay.billing.system.DbTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code binding} table: what we know of each AuthPay authorization. */
@Component
public class Bindings {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Bindings(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The {@code created_at}/{@code updated_at} of a row written now: the program's clock, never the
     * database server's (sql/V11 leaves them without a default).
     */
    private LocalDateTime stamp() {
        return DbTime.utc(clock.instant());
    }

    /** A binding as stored. */
    public record View(
            String authNo,
            String platformAuthpayId,
            String name,
            String status,
            Long billingAmount,
            String billingPeriod,
            Integer billingTimes,
            String jkosAccount,
            String authpayUrl,
            Instant refreshedAt) {}

    /** Stores a binding JKoPay just created (ungranted until the customer approves). */
    public void created(CreateBindingRequest request, BindingLink link) {
        LocalDateTime now = stamp();
        jdbc.update(
                """
                INSERT INTO binding (auth_no, platform_authpay_id, authpay_name, status, billing_amount,
                                     billing_currency, billing_period, billing_times, authpay_url, qr_img,
                                     created_at, updated_at)
                VALUES (?, ?, ?, 'UNGRANTED', ?, 'TWD', ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE platform_authpay_id = VALUES(platform_authpay_id),
                    authpay_name = VALUES(authpay_name), billing_amount = VALUES(billing_amount),
                    billing_period = VALUES(billing_period), billing_times = VALUES(billing_times),
                    authpay_url = VALUES(authpay_url), qr_img = VALUES(qr_img), updated_at = VALUES(updated_at)
                """,
                link.authNo(),
                request.platformAuthpayId(),
                request.name(),
                request.amount(),
                BindingPeriods.column(request.period()),
                request.times(),
                link.authpayUrl(),
                link.qrImg(),
                now,
                now);
    }

    /** Stores what {@code detail} said, creating the row when the binding is new to us. */
    public void refreshed(BindingDetail detail, Instant at) {
        LocalDateTime now = stamp();
        jdbc.update(
                """
                INSERT INTO binding (auth_no, platform_authpay_id, status, billing_amount, billing_currency,
                                     billing_period, billing_times, jkos_account, refreshed_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE status = VALUES(status),
                    platform_authpay_id = COALESCE(VALUES(platform_authpay_id), platform_authpay_id),
                    billing_amount = COALESCE(VALUES(billing_amount), billing_amount),
                    billing_currency = COALESCE(VALUES(billing_currency), billing_currency),
                    billing_period = COALESCE(VALUES(billing_period), billing_period),
                    billing_times = COALESCE(VALUES(billing_times), billing_times),
                    jkos_account = COALESCE(VALUES(jkos_account), jkos_account),
                    refreshed_at = VALUES(refreshed_at), updated_at = VALUES(updated_at)
                """,
                detail.authNo(),
                detail.platformAuthpayId(),
                detail.status().name(),
                detail.billingAmount(),
                detail.billingCurrency(),
                detail.billingCycle() == null
                        ? null
                        : BindingPeriods.column(detail.billingCycle().period()),
                detail.billingCycle() == null ? null : detail.billingCycle().times(),
                detail.jkosAccount(),
                DbTime.utc(at),
                now,
                now);
    }

    /** Marks a binding cancelled (by us, or as JKoPay reported). */
    public void cancelled(String authNo, Instant at) {
        LocalDateTime now = stamp();
        jdbc.update(
                "INSERT INTO binding (auth_no, status, refreshed_at, created_at, updated_at)"
                        + " VALUES (?, 'CANCELLED', ?, ?, ?) ON DUPLICATE KEY UPDATE status = 'CANCELLED',"
                        + " refreshed_at = VALUES(refreshed_at), updated_at = VALUES(updated_at)",
                authNo,
                DbTime.utc(at),
                now,
                now);
    }

    public Optional<View> find(String authNo) {
        return jdbc
                .query(
                        "SELECT auth_no, platform_authpay_id, authpay_name, status, billing_amount, billing_period,"
                                + " billing_times, jkos_account, authpay_url, refreshed_at FROM binding WHERE auth_no = ?",
                        (rs, i) -> new View(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getObject(5, Long.class),
                                rs.getString(6),
                                rs.getObject(7, Integer.class),
                                rs.getString(8),
                                rs.getString(9),
                                DbTime.instant(rs, 10)),
                        authNo)
                .stream()
                .findFirst();
    }
}
