package io.authpay.billing.sandbox;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The simulated JKoPay state: bindings, paid and failed orders, refunds, and which {@code auth_no} has
 * a charge in flight. Every method takes the store's monitor; an endpoint that checks and then acts
 * holds it ({@code synchronized (store)}) across both, so two concurrent calls cannot both pass a
 * check. The in-flight marks live outside the monitor because they are held across the simulated
 * latency.
 */
final class Store {

    private final Map<String, SandboxBinding> bindings = new LinkedHashMap<>();
    private final Set<String> platformAuthpayIds = new HashSet<>();
    private final Map<String, Order> paidOrders = new HashMap<>();
    private final Map<String, List<SandboxLedger.Charge>> chargesByAuthNo = new HashMap<>();
    private final Set<String> failedOrders = new HashSet<>();
    private final Map<String, SandboxLedger.Refund> refundsByRefundOrderId = new HashMap<>();
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();

    synchronized SandboxBinding binding(String authNo) {
        return bindings.get(authNo);
    }

    synchronized List<SandboxBinding> bindings() {
        return List.copyOf(bindings.values());
    }

    synchronized boolean platformAuthpayIdTaken(String platformAuthpayId) {
        return platformAuthpayIds.contains(platformAuthpayId);
    }

    synchronized boolean authNoTaken(String authNo) {
        return bindings.containsKey(authNo);
    }

    synchronized void add(SandboxBinding binding) {
        if (bindings.containsKey(binding.authNo())
                || (binding.platformAuthpayId() != null && !platformAuthpayIds.add(binding.platformAuthpayId()))) {
            throw new IllegalStateException("auth_no or platform_authpay_id already exists");
        }
        bindings.put(binding.authNo(), binding);
    }

    /** Replaces a binding by what {@code change} makes of it; null when there is no such binding. */
    synchronized SandboxBinding update(String authNo, UnaryOperator<SandboxBinding> change) {
        return bindings.computeIfPresent(authNo, (k, binding) -> change.apply(binding));
    }

    /** Marks a charge on this {@code auth_no} as in flight; false when another one already is. */
    boolean enterFlight(String authNo, String platformOrderId) {
        return inFlight.putIfAbsent(authNo, platformOrderId) == null;
    }

    void leaveFlight(String authNo) {
        inFlight.remove(authNo);
    }

    boolean inFlight(String platformOrderId) {
        return inFlight.containsValue(platformOrderId);
    }

    synchronized Order paidOrder(String platformOrderId) {
        return paidOrders.get(platformOrderId);
    }

    synchronized boolean failed(String platformOrderId) {
        return failedOrders.contains(platformOrderId);
    }

    synchronized void markFailed(String platformOrderId) {
        failedOrders.add(platformOrderId);
    }

    synchronized Order recordCharge(SandboxLedger.Charge charge) {
        Order order = new Order(charge);
        paidOrders.put(charge.platformOrderId(), order);
        failedOrders.remove(charge.platformOrderId());
        chargesByAuthNo.computeIfAbsent(charge.authNo(), k -> new ArrayList<>()).add(charge);
        return order;
    }

    /** How many charges on this {@code auth_no} fall in the same UTC+8 period as {@code date}. */
    synchronized int chargesInPeriod(String authNo, CyclePeriod period, LocalDate date) {
        LocalDate start = period.startOf(date);
        return (int) chargesByAuthNo.getOrDefault(authNo, List.of()).stream()
                .filter(c -> period.startOf(LocalDate.ofInstant(c.chargedAt(), Wire.UTC8))
                        .equals(start))
                .count();
    }

    synchronized SandboxLedger.Refund refund(String refundOrderId) {
        return refundsByRefundOrderId.get(refundOrderId);
    }

    synchronized void recordRefund(Order order, SandboxLedger.Refund refund) {
        order.refunds.add(refund);
        if (refund.refundOrderId() != null) {
            refundsByRefundOrderId.put(refund.refundOrderId(), refund);
        }
    }
}
