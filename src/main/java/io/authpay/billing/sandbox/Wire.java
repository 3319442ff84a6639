package io.authpay.billing.sandbox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON and time formats shared by the endpoints. */
final class Wire {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** JKoPay's time zone for windows, billing periods and {@code trans_time}. */
    static final ZoneId UTC8 = ZoneOffset.ofHours(8);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Wire() {}

    /** {@code "yyyy-MM-dd HH:mm:ss"} in UTC+8. */
    static String time(Instant instant) {
        return TIME.format(instant.atZone(UTC8));
    }

    /** {@code redeem_detail}: what coins and coupons covered (all 0 when nothing was redeemed). */
    static ObjectNode redeemDetail(SandboxLedger.Redemption redeemed) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("jko_coin_amount", redeemed.jkoCoinAmount());
        detail.put("official_coupon_amount", redeemed.officialCouponAmount());
        detail.put("store_coupon_amount", redeemed.storeCouponAmount());
        return detail;
    }

    /**
     * A paid order as the transaction answer ({@code amountsAsText}: {@code "final_price": "50"}, as in
     * JKoPay's example) or as an inquiry entry (numbers, as in JKoPay's inquiry example) shows it.
     */
    static ObjectNode transaction(Order order, boolean amountsAsText) {
        SandboxLedger.Charge charge = order.charge;
        ObjectNode node = JSON.createObjectNode();
        node.put("platform_order_id", charge.platformOrderId());
        node.put("status", 0);
        node.put("tradeNo", charge.tradeNo());
        node.put("trans_time", time(charge.chargedAt()));
        node.put("currency", "TWD");
        amount(node, "final_price", charge.amount(), amountsAsText);
        amount(node, "redeem_amount", charge.redeemed().total(), amountsAsText);
        node.set("redeem_detail", redeemDetail(charge.redeemed()));
        amount(node, "debit_amount", charge.debitAmount(), amountsAsText);
        var history = node.putArray("refund_history");
        order.refunds.forEach(refund -> history.add(refundHistoryEntry(refund)));
        node.put("invoice_vehicle", "/SANDBOX");
        node.putNull("maskNo");
        node.put("channel_type", "account");
        return node;
    }

    /** The refund answer: amounts as numbers, as in JKoPay's example. */
    static ObjectNode refund(SandboxLedger.Refund refund) {
        ObjectNode node = JSON.createObjectNode();
        node.put("refund_tradeNo", refund.refundTradeNo());
        node.put("debit_amount", refund.debitAmount());
        node.put("redeem_amount", refund.redeemed().total());
        node.set("redeem_detail", redeemDetail(refund.redeemed()));
        node.put("refund_time", time(refund.refundedAt()));
        return node;
    }

    private static ObjectNode refundHistoryEntry(SandboxLedger.Refund refund) {
        ObjectNode node = JSON.createObjectNode();
        node.put("platform_order_id", refund.platformOrderId());
        node.put("refund_order_id", refund.refundOrderId());
        node.put("refund_tradeNo", refund.refundTradeNo());
        node.put("time", time(refund.refundedAt()));
        node.put("amount", refund.amount());
        node.put("debit_amount", refund.debitAmount());
        node.put("redeem_amount", refund.redeemed().total());
        node.set("redeem_detail", redeemDetail(refund.redeemed()));
        return node;
    }

    private static void amount(ObjectNode node, String name, long amount, boolean asText) {
        if (asText) {
            node.put(name, Long.toString(amount));
        } else {
            node.put(name, amount);
        }
    }

    static ObjectNode binding(SandboxBinding binding) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "limited");
        node.put("status", binding.status().wireName());
        node.put("auth_no", binding.authNo());
        node.put("platform_authpay_id", binding.platformAuthpayId());
        node.put("jkos_account", binding.jkosAccount());
        node.put("billing_currency", binding.billingCurrency());
        node.put("billing_amount", binding.billingAmount());
        SandboxBillingCycle cycle = binding.billingCycle();
        if (cycle == null) {
            node.putNull("billing_cycle");
        } else {
            ObjectNode c = node.putObject("billing_cycle");
            c.put("period", cycle.period().wireName());
            c.put("times", cycle.times());
        }
        return node;
    }
}
