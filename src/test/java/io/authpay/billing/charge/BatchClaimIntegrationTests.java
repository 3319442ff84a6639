package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authpay.billing.sandbox.SandboxCyclePeriod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The batch claim against the real database: one charge per auth_no, and racing claimers never share one. */
class BatchClaimIntegrationTests extends ChargeEngineIntegrationTest {

    @Autowired
    ChargeStore store;

    @Test
    void aBatchClaimNeverTakesTwoChargesOfOneAuthNo() {
        String shared = binding(499, SandboxCyclePeriod.MONTH, 2);
        dueCharge(shared, 499);
        dueCharge(shared, 499);
        List<ChargeRow> rows = store.due(CLOCK.instant(), 0, 10).stream()
                .map(ChargeStore.Due::charge)
                .toList();

        assertThatThrownBy(() -> store.claim(rows, c -> "x-" + c.id(), CLOCK.instant()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge_attempt", Integer.class))
                .isZero();
    }

    @Test
    void twoClaimersRacingOnTheSameAuthNosGetDisjointSets() throws Exception {
        for (int round = 0; round < 5; round++) {
            emptyTables();
            List<Long> charges = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                charges.add(dueCharge(binding(499, SandboxCyclePeriod.MONTH, 1), 499));
            }
            List<ChargeRow> rows = store.due(CLOCK.instant(), 0, 100).stream()
                    .map(ChargeStore.Due::charge)
                    .toList();
            List<ChargeRow> reversed = new ArrayList<>(rows);
            java.util.Collections.reverse(reversed);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<ChargeStore.Claim> first = CompletableFuture.supplyAsync(() -> claimAfter(go, rows, "a"));
            CompletableFuture<ChargeStore.Claim> second =
                    CompletableFuture.supplyAsync(() -> claimAfter(go, reversed, "b"));
            go.countDown();

            Set<Long> a = claimedIds(first.get());
            Set<Long> b = claimedIds(second.get());
            assertThat(java.util.Collections.disjoint(a, b))
                    .as("%s and %s", a, b)
                    .isTrue();
            Set<Long> all = new HashSet<>(a);
            all.addAll(b);
            assertThat(all).hasSize(40);
            // each charge IN_FLIGHT with exactly one attempt row, written by the claimer that won it
            assertThat(charges).allSatisfy(id -> {
                assertThat(status(id)).isEqualTo("IN_FLIGHT");
                assertThat(attempts(id)).hasSize(1);
            });
            // what one claimer did not win, it saw as held by the other
            assertThat(first.get().leaseHeld().size()).isEqualTo(b.size());
            assertThat(second.get().leaseHeld().size()).isEqualTo(a.size());
        }
    }

    private ChargeStore.Claim claimAfter(CountDownLatch go, List<ChargeRow> rows, String who) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return store.claim(rows, c -> who + "-" + c.id() + "-" + (c.attempts() + 1), CLOCK.instant());
    }

    private static Set<Long> claimedIds(ChargeStore.Claim claim) {
        Set<Long> ids = new HashSet<>();
        claim.claimed().forEach(c -> ids.add(c.charge().id()));
        return ids;
    }
}
