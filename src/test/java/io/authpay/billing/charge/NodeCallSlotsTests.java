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
    void runsShareThePermitsFairlyWithHalfAsManyAgainAhead() {
        NodeCallSlots slots = new NodeCallSlots(16, 0);
        assertThat(slots.workPermits()).as("16 slots and 8 ahead").isEqualTo(24);
        NodeCallSlots.Share first = slots.join();
        NodeCallSlots.Share second = slots.join();

        assertThat(first.take(24)).as("two runs: a part of 12 each").isEqualTo(12);
        assertThat(first.take(1)).as("its part is taken").isZero();
        assertThat(second.take(24)).isEqualTo(12);
        second.close(); // the second run ended: its permits and its part go to the first
        assertThat(first.take(24)).isEqualTo(12);
        first.close();
        NodeCallSlots.Share third = slots.join();
        assertThat(third.take(100)).as("every permit is back").isEqualTo(24);
        third.close();
    }

    @Test
    void fewSlotsOrARateLimitClaimNothingAhead() {
        assertThat(new NodeCallSlots(1, 0).workPermits()).isEqualTo(1);
        assertThat(new NodeCallSlots(3, 0).workPermits()).isEqualTo(3);
        assertThat(new NodeCallSlots(16, 5).workPermits()).isEqualTo(16);
    }

    @Test
    void oneSlotIsOneChargeInWorkWhateverTheRuns() {
        NodeCallSlots slots = new NodeCallSlots(1, 0);
        NodeCallSlots.Share[] runs = {slots.join(), slots.join(), slots.join(), slots.join()};
        assertThat(runs[0].take(1) + runs[1].take(1) + runs[2].take(1) + runs[3].take(1))
                .isEqualTo(1);
    }

    @Test
    void underARateLimitOnlyOneStartIsBookedPerInterval() {
        NodeCallSlots slots = new NodeCallSlots(4, 1); // one start a second, for every run of the node

        assertThat(slots.bookStart()).isZero();
        assertThat(slots.bookStart()).as("the next start waits").isPositive();
        assertThat(new NodeCallSlots(4, 0).bookStart()).as("no limit").isZero();
    }
}
