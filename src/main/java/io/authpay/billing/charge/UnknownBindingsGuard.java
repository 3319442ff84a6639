package io.authpay.billing.charge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a gateway that does not know our bindings (a test environment instead of production, a
 * restarted sandbox, a wrong store id) from revoking the whole customer base. A 301/302 answer is held,
 * not acted on, while it is part of a streak: an answer that shows the gateway knows a binding ends the
 * streak and releases the held ones for revocation; the threshold reached in a row trips the guard, and
 * the held ones are dropped, so nobody is revoked on the strength of that streak. One per run, shared by
 * its threads.
 */
final class UnknownBindingsGuard {

    static final String REASON = "JKoPay does not know these bindings: check base-url and store-id";

    private final int threshold;
    private final List<Held> held = new ArrayList<>();
    private int streak;
    private String trippedBecause;

    UnknownBindingsGuard(int threshold) {
        this.threshold = threshold;
    }

    /** A binding answered 301 or 302, and why it would be revoked. */
    record Held(String authNo, String reason) {}

    /** Holds a binding answered 301 or 302; returns whether the guard is tripped afterwards. */
    synchronized boolean unknown(Held binding) {
        if (trippedBecause != null) {
            return true;
        }
        streak++;
        held.add(binding);
        if (streak >= threshold) {
            trippedBecause = REASON + " (" + streak + " detail answers in a row were 301 or 302, the last for "
                    + binding.authNo() + "; nobody was revoked for them)";
            held.clear();
        }
        return trippedBecause != null;
    }

    /** An answer that shows the gateway knows a binding: returns the held bindings, now to be revoked. */
    synchronized List<Held> known() {
        streak = 0;
        List<Held> released = List.copyOf(held);
        held.clear();
        return released;
    }

    /** At the end of a run that did not trip: the bindings still held, to be revoked. */
    synchronized List<Held> release() {
        return trippedBecause != null ? List.of() : known();
    }

    synchronized Optional<String> reason() {
        return Optional.ofNullable(trippedBecause);
    }
}
