package io.authpay.billing.sandbox;

import java.util.Random;

/**
 * Which calls a scripted fault hits: those on one {@code auth_no}, those naming one
 * {@code platform_order_id}, a random fraction (drawn from the sandbox's seeded random, so a run
 * repeats), or every call; optionally only the next {@code n} of them.
 */
public final class FaultTarget {

    private final String authNo;
    private final String platformOrderId;
    private final double fraction;
    private final int times;

    private FaultTarget(String authNo, String platformOrderId, double fraction, int times) {
        this.authNo = authNo;
        this.platformOrderId = platformOrderId;
        this.fraction = fraction;
        this.times = times;
    }

    /** Calls on this {@code auth_no} (a refund counts as a call on its order's {@code auth_no}). */
    public static FaultTarget authNo(String authNo) {
        return new FaultTarget(requireText(authNo, "authNo"), null, 1.0, UNLIMITED);
    }

    /** Calls naming this {@code platform_order_id} (an inquiry: among its ids). */
    public static FaultTarget platformOrderId(String platformOrderId) {
        return new FaultTarget(null, requireText(platformOrderId, "platformOrderId"), 1.0, UNLIMITED);
    }

    /** Each call independently with this probability, from 0 to 1. */
    public static FaultTarget fraction(double probability) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("a fraction is between 0 and 1, not " + probability);
        }
        return new FaultTarget(null, null, probability, UNLIMITED);
    }

    /** Every call. */
    public static FaultTarget everyCall() {
        return new FaultTarget(null, null, 1.0, UNLIMITED);
    }

    /** The same target, but only for the next {@code n} calls it hits; afterwards the fault is spent. */
    public FaultTarget times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1, not " + n);
        }
        return new FaultTarget(authNo, platformOrderId, fraction, n);
    }

    static final int UNLIMITED = -1;

    /** How many calls it hits, or {@link #UNLIMITED}. */
    int times() {
        return times;
    }

    /** Whether this call is hit; draws from {@code random} only for calls the target names. */
    boolean hits(Subject subject, Random random) {
        if (authNo != null && !authNo.equals(subject.authNo())) {
            return false;
        }
        if (platformOrderId != null && !subject.platformOrderIds().contains(platformOrderId)) {
            return false;
        }
        return fraction >= 1.0 || random.nextDouble() < fraction;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }

    @Override
    public String toString() {
        String what = authNo != null
                ? "auth_no " + authNo
                : platformOrderId != null
                        ? "platform_order_id " + platformOrderId
                        : fraction < 1.0 ? "fraction " + fraction : "every call";
        return times == UNLIMITED ? what : what + " (next " + times + ")";
    }
}
