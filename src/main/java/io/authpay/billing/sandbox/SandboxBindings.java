package io.authpay.billing.sandbox;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's bindings, and what the simulated user does with them: approve ({@link #grant}) or
 * unbind in the app ({@link #cancelByUser}). Shortcuts for tests and the demo; none of it goes over
 * HTTP.
 */
public final class SandboxBindings {

    /** How long an approval link lives, per integrators' notes. */
    static final Duration QR_LIFETIME = Duration.ofMinutes(20);

    private final Store store;
    private final Ids ids;
    private final Clock clock;
    private final CallbackPoster callbacks;

    SandboxBindings(Store store, Ids ids, Clock clock, CallbackPoster callbacks) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.callbacks = callbacks;
    }

    /** A granted binding for this amount and cycle, without a callback; returns its {@code auth_no}. */
    public String createGranted(long billingAmount, SandboxCyclePeriod period, int times) {
        return createGranted(billingAmount, period, times, null);
    }

    /** As {@link #createGranted(long, SandboxCyclePeriod, int)}, with the merchant's own binding id. */
    public String createGranted(long billingAmount, SandboxCyclePeriod period, int times, String platformAuthpayId) {
        if (billingAmount <= 0) {
            throw new IllegalArgumentException("billingAmount must be positive, not " + billingAmount);
        }
        try {
            return create(
                            "Sandbox binding",
                            platformAuthpayId,
                            billingAmount,
                            new SandboxBillingCycle(period, times),
                            null,
                            true)
                    .authNo();
        } catch (Rejection duplicateId) {
            throw new IllegalArgumentException(duplicateId.getMessage());
        }
    }

    /** The binding with this {@code auth_no}, if the sandbox has it. */
    public Optional<SandboxBinding> find(String authNo) {
        return Optional.ofNullable(store.binding(authNo));
    }

    /** Every binding, oldest first. */
    public List<SandboxBinding> all() {
        return store.bindings();
    }

    /**
     * The user approves the binding: it becomes granted and the binding-result callback is posted to its
     * {@code result_url} in the background. Granting a granted binding changes nothing and posts nothing.
     *
     * @throws IllegalArgumentException when there is no such binding
     * @throws IllegalStateException when the binding is cancelled
     */
    public void grant(String authNo) {
        SandboxBinding[] before = new SandboxBinding[1];
        SandboxBinding after = store.update(authNo, binding -> {
            before[0] = binding;
            if (binding.status() == SandboxBindingStatus.CANCELLED) {
                throw new IllegalStateException("binding " + authNo + " is cancelled");
            }
            return binding.withStatus(SandboxBindingStatus.GRANTED);
        });
        if (after == null) {
            throw new IllegalArgumentException("no binding " + authNo);
        }
        if (before[0].status() == SandboxBindingStatus.UNGRANTED) {
            callbacks.post(after);
        }
    }

    /**
     * The user unbinds in the JKoPay app: charges answer 302 from now on.
     *
     * @throws IllegalArgumentException when there is no such binding
     */
    public void cancelByUser(String authNo) {
        if (store.update(authNo, binding -> binding.withStatus(SandboxBindingStatus.CANCELLED)) == null) {
            throw new IllegalArgumentException("no binding " + authNo);
        }
    }

    /** Creates a binding with a fresh {@code auth_no}; a granted one gets its callback posted. */
    SandboxBinding create(
            String name,
            String platformAuthpayId,
            long amount,
            SandboxBillingCycle cycle,
            URI resultUrl,
            boolean granted) {
        SandboxBinding binding;
        synchronized (store) {
            if (platformAuthpayId != null && store.platformAuthpayIdTaken(platformAuthpayId)) {
                throw Rejection.validation("platform_authpay_id " + platformAuthpayId + " already exists");
            }
            String authNo;
            do {
                authNo = ids.authNo();
            } while (store.authNoTaken(authNo));
            binding = new SandboxBinding(
                    authNo,
                    platformAuthpayId,
                    name,
                    granted ? SandboxBindingStatus.GRANTED : SandboxBindingStatus.UNGRANTED,
                    amount,
                    "TWD",
                    cycle,
                    resultUrl,
                    "0912***" + authNo.substring(authNo.length() - 3),
                    clock.instant().plus(QR_LIFETIME));
            store.add(binding);
        }
        if (granted) {
            callbacks.post(binding);
        }
        return binding;
    }
}
