package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The node's call budget the partitions of a run share. */
class NodeCallSlotsTests {

    @Test
    void runsShareTheNodesSlotsAndGetThemBackWhenCallsEnd() {
        NodeCallSlots slots = new NodeCallSlots(16, 0);

        assertThat(slots.take(10)).isEqualTo(10); // one partition
        assertThat(slots.take(10)).isEqualTo(6); // another gets what is left
        assertThat(slots.take(1)).isZero();
        slots.give(3);
        assertThat(slots.take(10)).isEqualTo(3);
    }

    @Test
    void aRunTakesAtMostItsFairPartWhileOthersRun() {
        NodeCallSlots slots = new NodeCallSlots(16, 0);
        NodeCallSlots.Share first = slots.join();
        NodeCallSlots.Share second = slots.join();

        assertThat(first.take(16)).isEqualTo(8);
        assertThat(first.take(1)).as("its part is taken").isZero();
        assertThat(second.take(16)).isEqualTo(8);
        second.close(); // the second run ended: its slots and its part go to the first
        assertThat(first.take(16)).isEqualTo(8);
        first.close();
        assertThat(slots.take(16)).as("every slot is back").isEqualTo(16);
    }

    @Test
    void underARateLimitOnlyOneStartIsBookedPerInterval() {
        NodeCallSlots slots = new NodeCallSlots(4, 1); // one start a second, for every run of the node

        assertThat(slots.bookStart()).isZero();
        assertThat(slots.bookStart()).as("the next start waits").isPositive();
        assertThat(new NodeCallSlots(4, 0).bookStart()).as("no limit").isZero();
    }
}
