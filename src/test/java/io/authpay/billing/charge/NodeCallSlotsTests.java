package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The node's call budget the partitions of a run share. */
class NodeCallSlotsTests {

    @Test
    void aCallWaitsForAFreeSlotOfTheNode() throws Exception {
        NodeCallSlots slots = new NodeCallSlots(2, 0);
        slots.acquireCall();
        slots.acquireCall();
        Thread third = new Thread(slots::acquireCall);
        third.start();
        third.join(200);
        assertThat(third.isAlive())
                .as("a third call waits while two are under way")
                .isTrue();
        slots.releaseCall();
        third.join(5_000);
        assertThat(third.isAlive())
                .as("an answer frees its slot for the next call")
                .isFalse();
    }

    @Test
    void runsShareTheWorkLimitFairlyAndClaimHalfAsManyAgainAhead() {
        NodeCallSlots slots = new NodeCallSlots(16, 0);
        NodeCallSlots.Share first = slots.join();
        assertThat(first.workLimit()).as("alone: 16 slots and 8 ahead").isEqualTo(24);
        NodeCallSlots.Share second = slots.join();
        assertThat(first.workLimit()).as("two runs: 8 each and 4 ahead").isEqualTo(12);
        assertThat(second.workLimit()).isEqualTo(12);
        second.close();
        assertThat(first.workLimit()).isEqualTo(24);
        assertThat(first.workLimitAlone()).isEqualTo(24);
        first.close();
    }

    @Test
    void fewSlotsOrARateLimitClaimNothingAhead() {
        assertThat(new NodeCallSlots(1, 0).join().workLimit()).isEqualTo(1);
        assertThat(new NodeCallSlots(3, 0).join().workLimit()).isEqualTo(3);
        assertThat(new NodeCallSlots(16, 5).join().workLimit()).isEqualTo(16);
    }

    @Test
    void underARateLimitOnlyOneStartIsBookedPerInterval() {
        NodeCallSlots slots = new NodeCallSlots(4, 1); // one start a second, for every run of the node

        assertThat(slots.bookStart()).isZero();
        assertThat(slots.bookStart()).as("the next start waits").isPositive();
        assertThat(new NodeCallSlots(4, 0).bookStart()).as("no limit").isZero();
    }
}
