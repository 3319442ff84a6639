package io.authpay.billing.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
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
    /** Where every change is written, or null: the state lives in memory only. */
    private Path stateFile;

    /** Takes up the state kept in {@code file} (when it exists) and writes every change to it from now on. */
    synchronized void keepIn(Path file) {
        if (Files.exists(file)) {
            SandboxState state = SandboxState.read(file);
            state.bindings().forEach(this::add);
            state.charges().forEach(this::recordCharge);
            state.refunds().forEach(refund -> recordRefund(paidOrders.get(refund.platformOrderId()), refund));
            failedOrders.addAll(state.failedOrders());
        }
        stateFile = file;
        saved();
    }

    /** Writes the state to its file, if it has one; every change calls this, under the monitor. */
    private void saved() {
        if (stateFile == null) {
            return;
        }
        List<SandboxLedger.Refund> refunds = new ArrayList<>();
        List<SandboxLedger.Charge> charges = new ArrayList<>();
        chargesByAuthNo.values().forEach(charges::addAll);
        charges.sort(java.util.Comparator.comparing(SandboxLedger.Charge::chargedAt));
        charges.forEach(charge -> refunds.addAll(paidOrders.get(charge.platformOrderId()).refunds));
        new SandboxState(List.copyOf(bindings.values()), charges, refunds, List.copyOf(failedOrders)).write(stateFile);
    }

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
        saved();
    }

    /** Replaces a binding by what {@code change} makes of it; null when there is no such binding. */
    synchronized SandboxBinding update(String authNo, UnaryOperator<SandboxBinding> change) {
        SandboxBinding changed = bindings.computeIfPresent(authNo, (k, binding) -> change.apply(binding));
        saved();
        return changed;
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
        saved();
    }

    synchronized Order recordCharge(SandboxLedger.Charge charge) {
        Order order = new Order(charge);
        paidOrders.put(charge.platformOrderId(), order);
        failedOrders.remove(charge.platformOrderId());
        chargesByAuthNo.computeIfAbsent(charge.authNo(), k -> new ArrayList<>()).add(charge);
        saved();
        return order;
    }

    /** How many charges on this {@code auth_no} fall in the same UTC+8 period as {@code date}. */
    synchronized int chargesInPeriod(String authNo, SandboxCyclePeriod period, LocalDate date) {
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
        saved();
    }
}
