package io.authpay.billing.authpay;

import tools.jackson.databind.JsonNode;

/**
 * How the redeemed part of an amount was covered. Not paid out to the merchant.
 *
 * @param jkoCoinAmount JKO coins, TWD
 * @param officialCouponAmount JKoPay's coupons, TWD
 * @param storeCouponAmount the merchant's coupons, TWD
 */
public record RedeemDetail(long jkoCoinAmount, long officialCouponAmount, long storeCouponAmount) {

    /** The {@code redeem_detail} of a parent object, or null when it is absent. */
    static RedeemDetail readOptional(JsonNode parent) {
        JsonNode node = parent.get("redeem_detail");
        if (AnswerFields.absent(node)) {
            return null;
        }
        AnswerFields.object(node, "redeem_detail");
        return new RedeemDetail(
                AnswerFields.amount(node, "jko_coin_amount"),
                AnswerFields.amount(node, "official_coupon_amount"),
                AnswerFields.amount(node, "store_coupon_amount"));
    }
}
