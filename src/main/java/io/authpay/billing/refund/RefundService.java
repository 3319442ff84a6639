package io.authpay.billing.refund;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.InquiryItem;
import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.authpay.RedeemDetail;
import io.authpay.billing.authpay.RefundReceipt;
import io.authpay.billing.authpay.RefundRequest;
import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.authpay.UnknownReason;
import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.webhook.Outbox;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds paid orders. The refund row (with its {@code refund_order_id}) is committed before the call,
 * the outcome after it; a refund whose answer was lost stays UNKNOWN until it is settled by inquiry of the
 * order's refund history, never by a new {@code refund_order_id}, so it cannot refund twice.
 */
@Service
public class RefundService {

    private final ObjectProvider<AuthPayClient> gateway;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private static final int MAX_REFUND_ORDER_ID = 60;
    private static final int RANDOM_LENGTH = 8;
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private final Outbox outbox;

    RefundService(
            ObjectProvider<AuthPayClient> gateway,
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            AuditLog audit,
            Clock clock,
            Outbox outbox) {
        this.outbox = outbox;
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
     * <p>Given the id of a refund whose answer was lost (UNKNOWN, or REQUESTED by a process that died), it is
     * settled by inquiry of the order's {@code refund_history} first: found there, it is recorded as done and
     * nothing is sent. Only when JKoPay's history shows it is not there is it sent again, with the same id,
     * which JKoPay refunds at most once.
     *
     * @param refundOrderId the id to use, or null for a new one of this order ({@code <order>-r<random>}, never
     *     one an operator already chose); give the id of an UNKNOWN refund to settle it
     * @throws RefundRefused when the order is not a paid charge of ours, the amount is more than is left, or
     *     the id belongs to a finished refund or to a refund of another order or amount
     */
    public Outcome refund(String platformOrderId, long amount, String refundOrderId, String actor) {
        return refund(platformOrderId, amount, refundOrderId, actor, null);
    }

    /** As {@link #refund(String, long, String, String)}, with the operator's reason for the audit log. */
    public Outcome refund(String platformOrderId, long amount, String refundOrderId, String actor, String reason) {
        Prepared prepared =
                transaction.execute(status -> prepare(platformOrderId, amount, refundOrderId, actor, reason));
        if (prepared.earlier()) {
            Optional<GatewayResult<RefundReceipt>> settled = settleByInquiry(platformOrderId, prepared.id());
            if (settled.isPresent()) {
                return record(prepared.id(), settled.get());
            }
        }
        return record(
                prepared.id(), gateway.getObject().refund(new RefundRequest(platformOrderId, prepared.id(), amount)));
    }

    /** The refund id to send, and whether it is an earlier refund whose answer was lost. */
    private record Prepared(String id, boolean earlier) {}

    /**
     * What the order's refund history says of an earlier refund: done (found), or unknown (inquiry got no
     * answer); empty when JKoPay answered and the refund is not there, so it is safe to send it again.
     */
    private Optional<GatewayResult<RefundReceipt>> settleByInquiry(String platformOrderId, String refundOrderId) {
        GatewayResult<List<InquiryItem>> inquiry = gateway.getObject().inquiry(List.of(platformOrderId));
        if (!inquiry.succeeded()) {
            return Optional.of(new GatewayResult.Unknown<>(
                    UnknownReason.MALFORMED_ENVELOPE,
                    "the order's refund history could not be read: " + inquiry.describe(),
                    null,
                    inquiry.code(),
                    inquiry.latency()));
        }
        return inquiry.successValue().orElse(List.of()).stream()
                .filter(item -> platformOrderId.equals(item.platformOrderId()))
                .flatMap(item -> item.paid().stream())
                .flatMap(paid -> paid.refundHistory().stream())
                .filter(record -> refundOrderId.equals(record.refundOrderId()))
                .findFirst()
                .map(record -> new GatewayResult.Answered<>(
                        ResultCode.SUCCESS.code(),
                        ResultCode.SUCCESS,
                        "found in the order's refund_history by inquiry; not sent again",
                        new RefundReceipt(
                                record.refundTradeNo(),
                                record.debitAmount(),
                                record.redeemAmount(),
                                record.redeemDetail(),
                                record.time()),
                        inquiry.latency()));
    }

    private Outcome record(String id, GatewayResult<RefundReceipt> result) {
        String status = result.succeeded()
                ? "SUCCEEDED"
                : result.outcomeClass() == OutcomeClass.UNKNOWN ? "UNKNOWN" : "REJECTED";
        RefundReceipt receipt = result.successValue().orElse(null);
        transaction.executeWithoutResult(tx -> {
            jdbc.update(
                    """
                UPDATE refund SET status = ?, result_code = ?, result_message = ?, refund_trade_no = ?,
                    debit_amount = ?, redeem_amount = ?, jko_coin_amount = ?, official_coupon_amount = ?,
                    store_coupon_amount = ?, refund_time = ?, completed_at = ?
                WHERE refund_order_id = ?
                """,
                    status,
                    result.code(),
                    truncate(result.describe(), 500),
                    receipt == null ? null : receipt.refundTradeNo(),
                    receipt == null ? null : receipt.debitAmount(),
                    receipt == null ? null : receipt.redeemAmount(),
                    redeemed(receipt, RedeemDetail::jkoCoinAmount),
                    redeemed(receipt, RedeemDetail::officialCouponAmount),
                    redeemed(receipt, RedeemDetail::storeCouponAmount),
                    receipt == null || receipt.refundTime() == null ? null : DbTime.utc(receipt.refundTime()),
                    DbTime.utc(clock.instant()),
                    id);
            if (status.equals("SUCCEEDED")) { // webhooks (outbox)
                outbox.refundSucceeded(id);
            }
        });
        return new Outcome(id, status, result);
    }

    private Prepared prepare(String platformOrderId, long amount, String refundOrderId, String actor, String reason) {
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
            List<Map<String, Object>> existing = jdbc.queryForList(
                    "SELECT platform_order_id, amount, status FROM refund WHERE refund_order_id = ?", refundOrderId);
            if (!existing.isEmpty()) {
                Map<String, Object> earlier = existing.get(0);
                long earlierAmount = ((Number) earlier.get("amount")).longValue();
                if (!platformOrderId.equals(earlier.get("platform_order_id")) || earlierAmount != amount) {
                    throw new RefundRefused("refund_order_id " + refundOrderId + " is already the refund of "
                            + earlierAmount + " TWD of " + earlier.get("platform_order_id")
                            + "; a refund_order_id is used once: give that order and amount to settle it, or"
                            + " leave --refund-order-id out for a new refund");
                }
                String status = (String) earlier.get("status");
                if (status.equals("UNKNOWN") || status.equals("REQUESTED")) {
                    return new Prepared(refundOrderId, true);
                }
                throw new RefundRefused("refund " + refundOrderId + " is already " + status);
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
        String id = refundOrderId != null ? refundOrderId : newRefundOrderId(platformOrderId);
        jdbc.update(
                "INSERT INTO refund (platform_order_id, refund_order_id, amount, status, requested_by, requested_at)"
                        + " VALUES (?, ?, ?, 'REQUESTED', ?, ?)",
                platformOrderId,
                id,
                amount,
                actor,
                DbTime.utc(clock.instant()));
        audit.record(actor, "REFUND", "ORDER", platformOrderId, reason, "refund_order_id=" + id + " amount=" + amount);
        return new Prepared(id, false);
    }

    /**
     * A refund id no refund has: the order's id and a random part (a count would collide with an id an operator
     * chose), at most {@value #MAX_REFUND_ORDER_ID} characters, JKoPay's limit.
     */
    private String newRefundOrderId(String platformOrderId) {
        String prefix =
                platformOrderId.length() + 2 + RANDOM_LENGTH <= MAX_REFUND_ORDER_ID ? platformOrderId + "-r" : "r";
        while (true) {
            StringBuilder id = new StringBuilder(prefix);
            for (int i = 0; i < RANDOM_LENGTH; i++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            Integer taken = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM refund WHERE refund_order_id = ?", Integer.class, id.toString());
            if (taken == 0) {
                return id.toString();
            }
        }
    }

    /** One amount of a refund's redeem_detail, or NULL when there is no receipt or it came without one. */
    private static Long redeemed(RefundReceipt receipt, ToLongFunction<RedeemDetail> part) {
        return receipt == null || receipt.redeemDetail() == null ? null : part.applyAsLong(receipt.redeemDetail());
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
