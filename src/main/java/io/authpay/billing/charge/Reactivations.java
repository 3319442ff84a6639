package io.authpay.billing.charge;

import io.authpay.billing.subscription.SubscriptionStatus;
import io.authpay.billing.system.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Undoes revocations an operator knows were wrong (JKoPay answered 301/302 because it was the wrong
 * environment or store, not because the customers unbound): the subscription is ACTIVE again, and the
 * charges the revocation cancelled are DUE again, so the next run charges them (or, for a period without
 * a charge, the next nightly run creates one). All or nothing, one audit event per subscription.
 */
@Component
public class Reactivations {

    private final SubscriptionStore subscriptions;
    private final ChargeStore charges;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    Reactivations(
            SubscriptionStore subscriptions,
            ChargeStore charges,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.subscriptions = subscriptions;
        this.charges = charges;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    /** One subscription made ACTIVE again, with how many of its charges are DUE again. */
    public record Reactivated(String externalId, int chargesDue) {}

    /**
     * Reactivates these AUTH_REVOKED subscriptions.
     *
     * @throws IllegalArgumentException naming the first unknown or not revoked one; nothing changed then
     */
    public List<Reactivated> reactivate(List<String> externalIds, String reason, String actor) {
        requireReason(reason);
        Set<String> wanted = new LinkedHashSet<>(externalIds);
        return tx.execute(status -> {
            List<SubscriptionStore.Revoked> found = subscriptions.lockByExternalId(List.copyOf(wanted));
            Set<String> known = new LinkedHashSet<>();
            found.forEach(s -> known.add(s.externalId()));
            for (String externalId : wanted) {
                if (!known.contains(externalId)) {
                    throw new IllegalArgumentException("no subscription " + externalId + "; nothing was changed");
                }
            }
            for (SubscriptionStore.Revoked s : found) {
                if (s.status() != SubscriptionStatus.AUTH_REVOKED) {
                    throw new IllegalArgumentException("subscription " + s.externalId() + " is " + s.status()
                            + ", not AUTH_REVOKED; nothing was changed");
                }
            }
            return reactivateAll(found, reason, actor);
        });
    }

    /** Reactivates every subscription that became (or stayed) AUTH_REVOKED at or after {@code since}. */
    public List<Reactivated> reactivateRevokedSince(Instant since, String reason, String actor) {
        requireReason(reason);
        return tx.execute(status -> reactivateAll(subscriptions.lockRevokedSince(since), reason, actor));
    }

    private List<Reactivated> reactivateAll(List<SubscriptionStore.Revoked> revoked, String reason, String actor) {
        List<Reactivated> done = new ArrayList<>();
        for (SubscriptionStore.Revoked s : revoked) {
            subscriptions.reactivate(s.id());
            int due = charges.reopenRevoked(s.id(), "reactivated by an operator: " + reason);
            audit.record(
                    actor,
                    "REACTIVATE_SUBSCRIPTION",
                    "SUBSCRIPTION",
                    s.externalId(),
                    reason,
                    "AUTH_REVOKED -> ACTIVE, " + due + " charges DUE again");
            done.add(new Reactivated(s.externalId(), due));
        }
        return done;
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reactivation needs a reason (--reason) for the audit log");
        }
    }
}
