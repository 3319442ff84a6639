package io.authpay.billing.refund;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.authpay.RefundReceipt;
import io.authpay.billing.authpay.RefundRequest;
import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.DbTime;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds paid orders. The refund row (with its {@code refund_order_id}) is committed before the call,
 * the outcome after it; a refund whose answer was lost stays UNKNOWN and is retried only with the
 * same {@code refund_order_id}, never a new one, so it cannot refund twice.
 */
@Service
public class RefundService {

    private final ObjectProvider<AuthPayClient> gateway;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final Clock clock;

    RefundService(
            ObjectProvider<AuthPayClient> gateway,
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            AuditLog audit,
            Clock clock) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.audit = audit;
        this.clock = clock;
    }

    /** Why a refund was refused before anything was sent. */
    public static final class RefundRefused extends RuntimeException {
        RefundRefused(String message) {
            super(message);
        }
    }

    /** What happened: the stored status and the gateway's result. */
    public record Outcome(String refundOrderId, String status, GatewayResult<RefundReceipt> result) {}

    /**
     * Refunds {@code amount} TWD of a paid order.
     *
     * @param refundOrderId the id to use, or null for the next one of this order ({@code <order>-r<n>});
     *     give the id of an UNKNOWN refund to ask again safely
     * @throws RefundRefused when the order is not a paid charge of ours, the amount is more than is left,
     *     or the id belongs to a finished refund
     */
    public Outcome refund(String platformOrderId, long amount, String refundOrderId, String actor) {
        return refund(platformOrderId, amount, refundOrderId, actor, null);
    }

    /** As {@link #refund(String, long, String, String)}, with the operator's reason for the audit log. */
    public Outcome refund(String platformOrderId, long amount, String refundOrderId, String actor, String reason) {
        String id = transaction.execute(status -> prepare(platformOrderId, amount, refundOrderId, actor, reason));
        GatewayResult<RefundReceipt> result =
                gateway.getObject().refund(new RefundRequest(platformOrderId, id, amount));
        String status = result.succeeded()
                ? "SUCCEEDED"
                : result.outcomeClass() == OutcomeClass.UNKNOWN ? "UNKNOWN" : "REJECTED";
        RefundReceipt receipt = result.successValue().orElse(null);
        jdbc.update(
                """
                UPDATE refund SET status = ?, result_code = ?, result_message = ?, refund_trade_no = ?,
                    debit_amount = ?, redeem_amount = ?, refund_time = ?, completed_at = ?
                WHERE refund_order_id = ?
                """,
                status,
                result.code(),
                truncate(result.describe(), 500),
                receipt == null ? null : receipt.refundTradeNo(),
                receipt == null ? null : receipt.debitAmount(),
                receipt == null ? null : receipt.redeemAmount(),
                receipt == null ? null : DbTime.utc(receipt.refundTime()),
                DbTime.utc(clock.instant()),
                id);
        return new Outcome(id, status, result);
    }

    private String prepare(String platformOrderId, long amount, String refundOrderId, String actor, String reason) {
        if (amount <= 0) {
            throw new RefundRefused("the refund amount must be a positive number of TWD, not " + amount);
        }
        List<Long> paid = jdbc.queryForList(
                "SELECT COALESCE(final_price, amount) FROM charge_attempt WHERE platform_order_id = ?"
                        + " AND outcome = 'SUCCEEDED' FOR UPDATE",
                Long.class,
                platformOrderId);
        if (paid.isEmpty()) {
            throw new RefundRefused("no paid charge has platform_order_id " + platformOrderId);
        }
        if (refundOrderId != null) {
            List<String> existing = jdbc.queryForList(
                    "SELECT status FROM refund WHERE refund_order_id = ? AND platform_order_id = ? AND amount = ?",
                    String.class,
                    refundOrderId,
                    platformOrderId,
                    amount);
            if (!existing.isEmpty()) {
                if (existing.get(0).equals("UNKNOWN") || existing.get(0).equals("REQUESTED")) {
                    return refundOrderId; // ask again with the same id: JKoPay refunds an id once
                }
                throw new RefundRefused("refund " + refundOrderId + " is already " + existing.get(0));
            }
        }
        long committed = jdbc.queryForObject(
                "SELECT COALESCE(SUM(amount), 0) FROM refund WHERE platform_order_id = ?"
                        + " AND status IN ('SUCCEEDED', 'REQUESTED', 'UNKNOWN')",
                Long.class,
                platformOrderId);
        long left = paid.get(0) - committed;
        if (amount > left) {
            throw new RefundRefused("only " + left + " TWD of " + platformOrderId + " is left to refund (" + paid.get(0)
                    + " paid, " + committed + " refunded or being refunded)");
        }
        int count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM refund WHERE platform_order_id = ?", Integer.class, platformOrderId);
        String id = refundOrderId != null ? refundOrderId : platformOrderId + "-r" + (count + 1);
        jdbc.update(
                "INSERT INTO refund (platform_order_id, refund_order_id, amount, status, requested_by, requested_at)"
                        + " VALUES (?, ?, ?, 'REQUESTED', ?, ?)",
                platformOrderId,
                id,
                amount,
                actor,
                DbTime.utc(clock.instant()));
        audit.record(actor, "REFUND", "ORDER", platformOrderId, reason, "refund_order_id=" + id + " amount=" + amount);
        return id;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
