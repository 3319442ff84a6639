package io.authpay.billing.sandbox;

import java.util.ArrayList;
import java.util.List;

/** A paid order and its refunds; guarded by the {@link Store}'s lock. */
final class Order {

    final SandboxLedger.Charge charge;
    final List<SandboxLedger.Refund> refunds = new ArrayList<>();

    Order(SandboxLedger.Charge charge) {
        this.charge = charge;
    }

    long refundable() {
        return charge.amount()
                - refunds.stream().mapToLong(SandboxLedger.Refund::amount).sum();
    }

    /**
     * The coins and coupons a refund of {@code amount} (at most {@link #refundable()}) gives back. The
     * protocol does not say how JKoPay splits a refund; the sandbox gives back the wallet's part first, then
     * coins, then JKoPay's coupons, then the store's, so refunding a whole order gives back each part exactly.
     */
    SandboxLedger.Redemption redemptionOfRefund(long amount) {
        SandboxLedger.Redemption paid = charge.redeemed();
        long debitLeft = charge.debitAmount()
                - refunds.stream().mapToLong(SandboxLedger.Refund::debitAmount).sum();
        long rest = amount - Math.min(amount, debitLeft);
        long coins = Math.min(
                rest,
                paid.jkoCoinAmount()
                        - refunds.stream()
                                .mapToLong(r -> r.redeemed().jkoCoinAmount())
                                .sum());
        rest -= coins;
        long official = Math.min(
                rest,
                paid.officialCouponAmount()
                        - refunds.stream()
                                .mapToLong(r -> r.redeemed().officialCouponAmount())
                                .sum());
        return new SandboxLedger.Redemption(coins, official, rest - official);
    }
}
