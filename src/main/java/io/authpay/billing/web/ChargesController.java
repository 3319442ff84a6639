package io.authpay.billing.web;

import io.authpay.billing.charge.OperatorCharges;
import java.util.Locale;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * One charge at a time: charge a subscription's due charge now (synchronously: the answer is the charge
 * after the call), show a charge, resolve a NEEDS_REVIEW charge.
 */
@RestController
@Profile(ServeApplication.PROFILE)
class ChargesController {

    private final OperatorCharges charges;

    ChargesController(OperatorCharges charges) {
        this.charges = charges;
    }

    /** Body of a charge-now: optional. */
    record ChargeRequest(String reason) {}

    /** Body of a resolution: both fields required. */
    record ResolveRequest(String outcome, String reason) {}

    @PostMapping("/api/subscriptions/{externalId}/charge")
    OperatorCharges.ChargeView chargeNow(
            @PathVariable String externalId,
            @RequestBody(required = false) ChargeRequest body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        return charges.chargeNow(externalId, actor, body == null ? null : limited(body.reason()));
    }

    @GetMapping("/api/charges/{id}")
    OperatorCharges.ChargeView charge(@PathVariable long id) {
        return charges.get(id);
    }

    @PostMapping("/api/charges/{id}/resolve")
    OperatorCharges.ChargeView resolve(
            @PathVariable long id,
            @RequestBody(required = false) ResolveRequest body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        if (body == null || body.outcome() == null) {
            throw new BadRequestException("the body needs \"outcome\": \"cancel\" or \"retry\", and a \"reason\"");
        }
        OperatorCharges.Resolution resolution = switch (body.outcome().toLowerCase(Locale.ROOT)) {
            case "cancel" -> OperatorCharges.Resolution.CANCEL;
            case "retry" -> OperatorCharges.Resolution.RETRY;
            default ->
                throw new BadRequestException("outcome must be \"cancel\" (CANCELED) or \"retry\" (DUE again), not \""
                        + body.outcome() + "\"");
        };
        if (body.reason() == null || body.reason().isBlank()) {
            throw new BadRequestException("a resolution needs a \"reason\": it goes to the audit log");
        }
        return charges.resolve(id, resolution, actor, limited(body.reason()));
    }

    private static String limited(String reason) {
        return BadRequestException.reason(reason);
    }
}
