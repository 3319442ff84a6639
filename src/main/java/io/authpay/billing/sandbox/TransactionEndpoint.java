package io.authpay.billing.sandbox;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ResultCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /platform/authpay/transaction}: charges a binding. After validation (201) the checks run in
 * this order, each answering its code and charging nothing:
 *
 * <ol>
 *   <li>301 unknown or ungranted {@code auth_no}; 302 cancelled;
 *   <li>306 arrived outside 08:00–20:00 UTC+8 by the sandbox clock;
 *   <li>307 another charge on the same {@code auth_no} is in flight (a real overlap, counted in the ledger);
 *       otherwise this charge is now in flight for the simulated latency;
 *   <li>101 the {@code platform_order_id} is already paid;
 *   <li>304 {@code final_price} differs from the binding's {@code billing_amount};
 *   <li>305 the binding's UTC+8 billing period of the arrival already has {@code times} charges;
 *   <li>a scripted fault, if one hits the call;
 *   <li>else the charge takes effect: 000 with the transaction (amounts as strings, as in JKoPay's example),
 *       part of it redeemed with coins and coupons when {@link Redemptions} says so.
 * </ol>
 *
 * The arrival time decides the window, the billing period and {@code trans_time}.
 */
final class TransactionEndpoint {

    private static final LocalTime OPENS = LocalTime.of(8, 0);
    private static final LocalTime CLOSES = LocalTime.of(20, 0);

    /** Codes that mean "the payment failed": inquiry then reports the order as status 100. */
    private static final Set<ResultCode> DECLINES = EnumSet.of(
            ResultCode.OVER_MONTHLY_LIMIT,
            ResultCode.PAYMENT_FAILED,
            ResultCode.INSUFFICIENT_BALANCE,
            ResultCode.OVER_USER_QUOTA);

    private final Store store;
    private final SandboxLedger ledger;
    private final SandboxFaults faults;
    private final Ids ids;
    private final Redemptions redemptions;

    TransactionEndpoint(Store store, SandboxLedger ledger, SandboxFaults faults, Ids ids, Redemptions redemptions) {
        this.store = store;
        this.redemptions = redemptions;
        this.ledger = ledger;
        this.faults = faults;
        this.ids = ids;
    }

    Reply handle(Call call) {
        ChargeRequest request = ChargeRequest.parse(call.body());
        ResultCode refusal = bindingRefusal(store.binding(request.authNo()));
        if (refusal != null) {
            return Reply.of(Envelope.of(refusal));
        }
        if (!withinWindow(call.arrival())) {
            return Reply.of(Envelope.of(ResultCode.OUTSIDE_WINDOW));
        }
        if (!store.enterFlight(request.authNo(), request.platformOrderId())) {
            ledger.recordOverlap(request.authNo());
            return Reply.of(Envelope.of(ResultCode.AUTH_NO_BUSY));
        }
        try {
            sleep(faults.latencyFor(AuthPayEndpoint.CHARGE));
            return charge(request, call);
        } finally {
            store.leaveFlight(request.authNo());
        }
    }

    static boolean withinWindow(Instant instant) {
        LocalTime time = instant.atZone(Wire.UTC8).toLocalTime();
        return !time.isBefore(OPENS) && time.isBefore(CLOSES);
    }

    private Reply charge(ChargeRequest request, Call call) {
        synchronized (store) {
            SandboxBinding binding = store.binding(request.authNo());
            ResultCode refusal = bindingRefusal(binding); // the user may have unbound during the latency
            if (refusal != null) {
                return Reply.of(Envelope.of(refusal));
            }
            if (store.paidOrder(request.platformOrderId()) != null) {
                return Reply.of(Envelope.of(ResultCode.ORDER_ALREADY_PAID));
            }
            if (request.finalPrice() != binding.billingAmount()) {
                return Reply.of(Envelope.of(ResultCode.AMOUNT_NOT_APPROVED));
            }
            SandboxBillingCycle cycle = binding.billingCycle();
            if (cycle != null
                    && store.chargesInPeriod(
                                    request.authNo(), cycle.period(), LocalDate.ofInstant(call.arrival(), Wire.UTC8))
                            >= cycle.times()) {
                return Reply.of(Envelope.of(ResultCode.CYCLE_TIMES_EXCEEDED));
            }
            Optional<SandboxFaults.ChargeFault> fault = faults.takeChargeFault(call.subject());
            if (fault.isPresent() && fault.get().fault() == Fault.SCRIPTED_RESULT) {
                ResultCode code = fault.get().code();
                if (DECLINES.contains(code)) {
                    store.markFailed(request.platformOrderId());
                }
                return new Reply(Envelope.of(code), Fault.SCRIPTED_RESULT, null);
            }
            SandboxLedger.Charge charge = new SandboxLedger.Charge(
                    request.platformOrderId(),
                    request.authNo(),
                    request.finalPrice(),
                    request.tradeName(),
                    ids.tradeNo(call.arrival()),
                    call.arrival(),
                    redemptions.next(request.finalPrice()));
            Order order = store.recordCharge(charge);
            ledger.recordCharge(charge);
            Envelope paid = Envelope.ok(Wire.transaction(order, true));
            return fault.map(f -> switch (f.fault()) {
                        case TIMEOUT_AFTER_CHARGE -> new Reply(paid, f.fault(), f.withheldFor());
                        case INTERNAL_ERROR_AFTER_CHARGE -> new Reply(Envelope.of(f.code()), f.fault(), null);
                        default -> throw new IllegalStateException(f.fault().name());
                    })
                    .orElse(Reply.of(paid));
        }
    }

    private static ResultCode bindingRefusal(SandboxBinding binding) {
        if (binding == null || binding.status() == SandboxBindingStatus.UNGRANTED) {
            return ResultCode.INVALID_AUTH_NO;
        }
        return binding.status() == SandboxBindingStatus.CANCELLED ? ResultCode.CANCELED_AUTH_NO : null;
    }

    static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sandbox is stopping", e);
        }
    }

    /** The fields of a charge request, validated (201 otherwise). */
    record ChargeRequest(String authNo, String platformOrderId, String tradeName, long finalPrice) {

        static ChargeRequest parse(JsonNode body) {
            String authNo = Fields.requiredString(body, "auth_no", 30);
            JsonNode order = Fields.requiredObject(body, "order");
            String platformOrderId = Fields.requiredString(order, "platform_order_id", 60);
            String tradeName = Fields.requiredString(order, "trade_name", 30);
            if (!"TWD".equals(Fields.requiredString(order, "currency", 3))) {
                throw Rejection.validation("order.currency must be TWD");
            }
            long totalPrice = Fields.requiredInteger(order, "total_price");
            long finalPrice = Fields.requiredInteger(order, "final_price");
            long unredeem = Fields.optionalInteger(order, "unredeem", 0);
            if (totalPrice < 0 || finalPrice <= 0 || unredeem < 0) {
                throw Rejection.validation("order prices must not be negative and final_price must be positive");
            }
            Fields.optionalString(order, "remark", 500);
            JsonNode products = Fields.member(order, "products");
            if (products != null && !products.isArray()) {
                throw Rejection.validation("order.products must be an array");
            }
            return new ChargeRequest(authNo, platformOrderId, tradeName, finalPrice);
        }
    }
}
