package io.authpay.billing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapWatchTests {
    private static final long MIB = 1024 * 1024;

    @Test
    void dataKeptAliveThroughACollectionCountsAfterCollection() throws InterruptedException {
        try (HeapWatch watch = HeapWatch.start()) {
            long atStart = watch.afterCollectionPeakBytes();
            List<byte[]> kept = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                kept.add(new byte[(int) MIB]);
            }
            System.gc();
            awaitAfterCollectionPeakAbove(watch, atStart + 60 * MIB);

            assertThat(watch.afterCollectionPeakBytes()).isGreaterThanOrEqualTo(atStart + 60 * MIB);
            assertThat(watch.inUsePeakBytes()).isGreaterThanOrEqualTo(watch.afterCollectionPeakBytes() - MIB);
            assertThat(kept).hasSize(64);
        }
    }

    @Test
    void garbageRaisesTheInUsePeakButNotTheAfterCollectionPeak() throws InterruptedException {
        try (HeapWatch watch = HeapWatch.start()) {
            long atStart = watch.afterCollectionPeakBytes();
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                byte[] garbage = new byte[(int) MIB];
                sum += garbage.length;
            }
            System.gc();
            Thread.sleep(200); // the collection's notification arrives on another thread

            assertThat(sum).isEqualTo(512 * MIB);
            assertThat(watch.afterCollectionPeakBytes()).isLessThan(atStart + 32 * MIB);
        }
    }

    private static void awaitAfterCollectionPeakAbove(HeapWatch watch, long bytes) throws InterruptedException {
        for (int i = 0; i < 100 && watch.afterCollectionPeakBytes() < bytes; i++) {
            Thread.sleep(50);
        }
    }
}
