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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The batch claim against the real database: one charge per auth_no, and racing claimers never share one. */
class BatchClaimIntegrationTests extends ChargeEngineIntegrationTest {

    @Autowired
    ChargeStore store;

    @Autowired
    TransactionTemplate transaction;

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

    /**
     * Two group commits of different charges never wait for each other, even when the table's statistics make
     * "in flight" look like the most selective condition: thousands of finished attempts and a few in flight,
     * as on a busy billing day. Scanning every attempt in flight locked the other writer's rows (deadlocks that
     * left answered charges to inquiry).
     */
    @Test
    void twoGroupCommitsOfDifferentChargesNeverWaitForEachOther() throws Exception {
        List<ChargeRow> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            dueCharge(binding(499, SandboxCyclePeriod.MONTH, 1), 499);
        }
        store.due(CLOCK.instant(), 0, 100).forEach(d -> rows.add(d.charge()));
        ChargeStore.Claim first = store.claim(rows.subList(0, 20), c -> "g1-" + c.id(), CLOCK.instant());
        ChargeStore.Claim second = store.claim(rows.subList(20, 40), c -> "g2-" + c.id(), CLOCK.instant());
        assertThat(first.claimed()).hasSize(20);
        assertThat(second.claimed()).hasSize(20);
        // earlier attempts of the same charges, all finished: 4,000 rows with an outcome beside 40 without
        jdbc.update("""
                INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,
                    result_code, requested_at, completed_at, latency_ms)
                SELECT c.id, 100 + s.seq, CONCAT('old-', c.id, '-', s.seq), c.auth_no, c.amount, 'SOFT_DECLINE',
                    '104', NOW(6), NOW(6), 50
                FROM charge c JOIN seq_1_to_100 s
                """);
        attemptTotals.recount(); // written by hand: count them as the runs would have
        jdbc.execute("ANALYZE TABLE charge_attempt, charge");

        CountDownLatch firstHoldsItsLocks = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        CompletableFuture<Set<Long>> firstCommit = CompletableFuture.supplyAsync(() -> transaction.execute(tx -> {
            Set<Long> applied = store.completeAll(paid(first));
            firstHoldsItsLocks.countDown();
            try {
                firstMayCommit.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return applied;
        }));
        try {
            assertThat(firstHoldsItsLocks.await(30, TimeUnit.SECONDS)).isTrue();

            Set<Long> secondApplied = CompletableFuture.supplyAsync(() -> store.completeAll(paid(second)))
                    .get(20, TimeUnit.SECONDS);

            assertThat(secondApplied).isEqualTo(claimedIds(second));
        } finally {
            firstMayCommit.countDown();
        }
        assertThat(firstCommit.get(30, TimeUnit.SECONDS)).isEqualTo(claimedIds(first));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE status = 'SUCCEEDED'", Integer.class))
                .isEqualTo(40);
    }

    private static List<ChargeStore.Completion> paid(ChargeStore.Claim claim) {
        return claim.claimed().stream()
                .map(c -> new ChargeStore.Completion(
                        c,
                        new ChargeStore.AttemptResult(
                                AttemptOutcome.of("000"), "000", "Success", null, null, CLOCK.instant(), 50, true),
                        ChargeDecision.succeeded("paid (000 Success)")))
                .toList();
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
