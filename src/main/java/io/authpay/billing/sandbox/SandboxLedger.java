package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.AuthPayEndpoint;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proof of what the sandbox did: every charge and refund that took effect, every request that
 * reached an endpoint, every real overlap of two charges on one {@code auth_no}, every callback
 * delivery attempt. Times are the sandbox clock's. Safe to read while the sandbox runs; every list
 * is a snapshot.
 */
public final class SandboxLedger {

    /**
     * The part of a charge or a refund covered by JKO coins and coupons ({@code redeem_detail}); the rest is
     * the customer's wallet ({@code debit_amount}).
     */
    public record Redemption(long jkoCoinAmount, long officialCouponAmount, long storeCouponAmount) {

        /** Nothing redeemed: every TWD debited. */
        public static final Redemption NONE = new Redemption(0, 0, 0);

        /** {@code redeem_amount}: coins and both kinds of coupons. */
        public long total() {
            return jkoCoinAmount + officialCouponAmount + storeCouponAmount;
        }
    }

    /**
     * A charge that took effect (the order is paid), whatever the client was told. {@code amount} is its
     * {@code final_price}: {@code redeemed} of it was paid with coins and coupons, the rest debited.
     */
    public record Charge(
            String platformOrderId,
            String authNo,
            long amount,
            String tradeName,
            String tradeNo,
            Instant chargedAt,
            Redemption redeemed) {

        public Charge {
            // state files written before redemption existed have none
            redeemed = redeemed == null ? Redemption.NONE : redeemed;
        }

        /** {@code debit_amount}: what the customer's wallet paid. */
        public long debitAmount() {
            return amount - redeemed.total();
        }
    }

    /**
     * A refund that took effect. {@code refundOrderId} is null when the request had none; {@code redeemed} is
     * the part of {@code amount} given back as coins and coupons, the rest went back to the wallet.
     */
    public record Refund(
            String platformOrderId,
            String refundOrderId,
            String refundTradeNo,
            long amount,
            Instant refundedAt,
            Redemption redeemed) {

        public Refund {
            redeemed = redeemed == null ? Redemption.NONE : redeemed;
        }

        /** {@code debit_amount}: what went back to the customer's wallet. */
        public long debitAmount() {
            return amount - redeemed.total();
        }
    }

    /**
     * A request that reached one of the six endpoints.
     *
     * @param endpoint which endpoint
     * @param arrivedAt the sandbox clock when it arrived
     * @param authNo the {@code auth_no} it named (for a refund: the order's), or null
     * @param platformOrderIds the orders it named, possibly empty
     * @param result the result code it was answered (or, under a broken answer, would have been), or null
     *     when a fault answered without processing it
     * @param fault the scripted fault that shaped the answer, or null
     */
    public record Request(
            AuthPayEndpoint endpoint,
            Instant arrivedAt,
            String authNo,
            List<String> platformOrderIds,
            String result,
            Fault fault) {}

    /**
     * One attempt to deliver a binding-result callback.
     *
     * @param httpStatus the merchant's HTTP status, or 0 when the attempt failed without one
     * @param error why the attempt failed without a status, or null
     */
    public record Callback(String authNo, URI url, int attempt, int httpStatus, String error, Instant at) {
        /** Whether the merchant answered 2xx. */
        public boolean delivered() {
            return httpStatus >= 200 && httpStatus < 300;
        }
    }

    private final List<Charge> charges = new ArrayList<>();
    private final List<Refund> refunds = new ArrayList<>();
    private final Deque<Request> requests = new ArrayDeque<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final Map<String, AtomicInteger> overlaps = new ConcurrentHashMap<>();
    private final int requestLogCapacity;
    private long droppedRequests;

    SandboxLedger(int requestLogCapacity) {
        this.requestLogCapacity = requestLogCapacity;
    }

    /** Every charge that took effect, in order. */
    public synchronized List<Charge> charges() {
        return List.copyOf(charges);
    }

    /** The charges that took effect on one binding, in order. */
    public synchronized List<Charge> chargesFor(String authNo) {
        return charges.stream().filter(c -> c.authNo().equals(authNo)).toList();
    }

    /** How many charges took effect for one {@code platform_order_id}: 0 or 1 unless something is badly wrong. */
    public synchronized int chargeCount(String platformOrderId) {
        return (int) charges.stream()
                .filter(c -> c.platformOrderId().equals(platformOrderId))
                .count();
    }

    /** The sum of every charge that took effect, in TWD. */
    public synchronized long totalCharged() {
        return charges.stream().mapToLong(Charge::amount).sum();
    }

    /** Every refund that took effect, in order. */
    public synchronized List<Refund> refunds() {
        return List.copyOf(refunds);
    }

    /** The refunds of one order, in order. */
    public synchronized List<Refund> refundsFor(String platformOrderId) {
        return refunds.stream()
                .filter(r -> r.platformOrderId().equals(platformOrderId))
                .toList();
    }

    /** The request log, oldest first (the oldest are dropped beyond the configured capacity). */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The logged requests to one endpoint, oldest first. */
    public synchronized List<Request> requests(AuthPayEndpoint endpoint) {
        return requests.stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    /** How many requests were dropped from the log because it was full. */
    public synchronized long droppedRequests() {
        return droppedRequests;
    }

    /**
     * How many transaction calls on this {@code auth_no} arrived while another one was in flight: real
     * concurrency, not scripted 307s.
     */
    public int overlaps(String authNo) {
        AtomicInteger count = overlaps.get(authNo);
        return count == null ? 0 : count.get();
    }

    /** Real overlaps on every {@code auth_no} together. */
    public int overlaps() {
        return overlaps.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Every callback delivery attempt, in order. */
    public synchronized List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    synchronized void recordCharge(Charge charge) {
        charges.add(charge);
    }

    synchronized void recordRefund(Refund refund) {
        refunds.add(refund);
    }

    synchronized void recordRequest(Request request) {
        if (requests.size() >= requestLogCapacity) {
            requests.removeFirst();
            droppedRequests++;
        }
        requests.addLast(request);
    }

    synchronized void recordCallback(Callback callback) {
        callbacks.add(callback);
    }

    void recordOverlap(String authNo) {
        overlaps.computeIfAbsent(authNo, k -> new AtomicInteger()).incrementAndGet();
    }
}
