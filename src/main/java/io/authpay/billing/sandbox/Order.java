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
}
