package io.authpay.billing.sandbox;

import java.net.URI;
import java.time.Instant;

/**
 * One binding as the sandbox holds it (a snapshot: the sandbox replaces it when its status changes).
 *
 * @param authNo the 18-digit {@code auth_no} the sandbox generated
 * @param platformAuthpayId the merchant's own id for the binding, or null
 * @param authpayName the name shown to the user
 * @param status ungranted, granted or cancelled
 * @param billingAmount the per-charge amount the user approved, integer TWD
 * @param billingCurrency always {@code TWD}
 * @param billingCycle the per-period quota, or null when the binding was created without one (no quota)
 * @param resultUrl where the binding-result callback goes, or null (no callback)
 * @param jkosAccount the (masked) JKoPay account of the simulated user
 * @param qrTimeout when the approval link expires
 */
public record SandboxBinding(
        String authNo,
        String platformAuthpayId,
        String authpayName,
        SandboxBindingStatus status,
        long billingAmount,
        String billingCurrency,
        SandboxBillingCycle billingCycle,
        URI resultUrl,
        String jkosAccount,
        Instant qrTimeout) {

    SandboxBinding withStatus(SandboxBindingStatus newStatus) {
        return new SandboxBinding(
                authNo,
                platformAuthpayId,
                authpayName,
                newStatus,
                billingAmount,
                billingCurrency,
                billingCycle,
                resultUrl,
                jkosAccount,
                qrTimeout);
    }
}
