package io.authpay.billing.binding;

import io.authpay.billing.authpay.BillingPeriod;
import java.util.Locale;
import java.util.Optional;

/**
 * The one converter between the gateway's billing period ({@link BillingPeriod}, what JKoPay's binding
 * allows), the {@code binding.billing_period} column that stores it, and the subscription's period
 * ({@link io.authpay.billing.subscription.BillingPeriod}, what the engine counts JKoPay's 305 against).
 * The mapping is written out, not taken from the constants' names, so that renaming one enum's constant
 * is a compile error here instead of a binding whose cycle silently no longer reads.
 */
public final class BindingPeriods {

    private BindingPeriods() {}

    /** The text the column holds for this period. */
    static String column(BillingPeriod period) {
        return switch (period) {
            case WEEK -> "WEEK";
            case MONTH -> "MONTH";
            case QUARTER -> "QUARTER";
            case YEAR -> "YEAR";
        };
    }

    /** The gateway's period of a stored column value; empty for null or a value no period writes. */
    static Optional<BillingPeriod> gatewayPeriod(String column) {
        if (column == null) {
            return Optional.empty();
        }
        String text = column.strip().toUpperCase(Locale.ROOT);
        for (BillingPeriod period : BillingPeriod.values()) {
            if (column(period).equals(text)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /** The subscription period that counts charges the way this binding's cycle does. */
    static io.authpay.billing.subscription.BillingPeriod subscriptionPeriod(BillingPeriod period) {
        return switch (period) {
            case WEEK -> io.authpay.billing.subscription.BillingPeriod.WEEK;
            case MONTH -> io.authpay.billing.subscription.BillingPeriod.MONTH;
            case QUARTER -> io.authpay.billing.subscription.BillingPeriod.QUARTER;
            case YEAR -> io.authpay.billing.subscription.BillingPeriod.YEAR;
        };
    }

    /** The binding's cycle as the engine counts it, from the stored column; empty before a detail refresh. */
    public static Optional<io.authpay.billing.subscription.BillingPeriod> cycleOf(String column) {
        return gatewayPeriod(column).map(BindingPeriods::subscriptionPeriod);
    }
}
