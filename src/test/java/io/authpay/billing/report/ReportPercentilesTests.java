package io.authpay.billing.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authpay.billing.report.BillingReport.Latency;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReportPercentilesTests {

    @Test
    void oneToAHundredHasEachPercentileAsItsOwnValue() {
        Percentiles p = new Percentiles();
        for (int ms = 1; ms <= 100; ms++) {
            p.add(ms, 1);
        }

        assertThat(p.latency()).isEqualTo(new Latency(100, 50L, 90L, 99L, 100L));
    }

    @Test
    void nearestRankRoundsTheRankUpNotTheValue() {
        Percentiles p = new Percentiles();
        // ten samples: p50 is the 5th, p90 the 9th, p99 the ceil(9.9) = 10th
        for (long ms : new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 1000}) {
            p.add(ms, 1);
        }

        assertThat(p.latency()).isEqualTo(new Latency(10, 50L, 90L, 1000L, 1000L));
    }

    @Test
    void countsWeighTheirValues() {
        Percentiles p = new Percentiles();
        p.add(5, 98); // ranks 1..98
        p.add(7, 1); // rank 99
        p.add(400, 1); // rank 100

        assertThat(p.latency()).isEqualTo(new Latency(100, 5L, 5L, 7L, 400L));
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Percentiles p = new Percentiles();
        p.add(42, 1);

        assertThat(p.latency()).isEqualTo(new Latency(1, 42L, 42L, 42L, 42L));
    }

    @Test
    void noSamplesHaveNoPercentilesRatherThanZero() {
        assertThat(new Percentiles().latency()).isEqualTo(new Latency(0, null, null, null, null));
    }

    @Test
    void aHistogramAgreesWithSortingEverySample() {
        Random random = new Random(7);
        long[] samples = new long[5_001];
        TreeMap<Long, Long> histogram = new TreeMap<>();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) Math.abs(random.nextGaussian() * 300) + random.nextInt(3);
            histogram.merge(samples[i], 1L, Long::sum);
        }
        Arrays.sort(samples);
        Percentiles p = new Percentiles();
        histogram.forEach(p::add);

        for (int percent : new int[] {1, 50, 90, 99, 100}) {
            int rank = (int) Math.ceil(percent / 100.0 * samples.length);
            assertThat(p.percentile(percent)).as("p%d", percent).isEqualTo(samples[rank - 1]);
        }
    }

    @Test
    void valuesOutOfOrderAreRefused() {
        Percentiles p = new Percentiles();
        p.add(10, 1);

        assertThatThrownBy(() -> p.add(9, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
