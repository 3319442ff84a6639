package io.authpay.billing.sandbox;

/**
 * Which charges the sandbox pays partly with JKO coins and coupons, as real customers do, so that
 * {@code redeem_amount} and {@code redeem_detail} are not always 0. Deterministic: every {@code every}-th
 * charge that takes effect (counted since the sandbox started) redeems a tenth of its final price (at least
 * 1 TWD); half of that, rounded up, in coins and the rest in coupons, JKoPay's on odd redemptions and the
 * store's on even ones. {@code every} 0 never redeems. Called under the {@link Store}'s lock.
 */
final class Redemptions {

    private final int every;
    private long charges;
    private long redeemed;

    Redemptions(int every) {
        if (every < 0) {
            throw new IllegalArgumentException("redeem every " + every);
        }
        this.every = every;
    }

    /** The redemption of the next charge that takes effect, of {@code finalPrice} TWD. */
    SandboxLedger.Redemption next(long finalPrice) {
        charges++;
        if (every == 0 || charges % every != 0) {
            return SandboxLedger.Redemption.NONE;
        }
        redeemed++;
        long total = Math.min(finalPrice, Math.max(1, finalPrice / 10));
        long coupons = total / 2;
        return redeemed % 2 == 1
                ? new SandboxLedger.Redemption(total - coupons, coupons, 0)
                : new SandboxLedger.Redemption(total - coupons, 0, coupons);
    }
}
