package io.authpay.billing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogHeapTests {

    @Test
    void theMostBeforeAndTheMostAfterACollectionAreTheInUseAndKeptPeaks() {
        GcLogHeap.Figures figures = GcLogHeap.figures(List.of(
                "[0.011s] Using G1",
                "[1.204s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(384M) 4.120ms",
                "[3.870s] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 120M->45M(384M) 9.003ms",
                "[4.001s] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 90M->61M(384M) 2.5ms",
                "[4.002s] GC(3) Concurrent Mark Cycle",
                "[5.500s] GC(3) Pause Remark 70M->52M(384M) 1.2ms"));

        assertThat(figures).isEqualTo(new GcLogHeap.Figures(4, 120, 61));
    }

    @Test
    void aLogWithoutCollectionsSaysSo() {
        assertThat(GcLogHeap.figures(List.of("[0.011s] Using G1"))).isEqualTo(new GcLogHeap.Figures(0, 0, 0));
    }

    /** A JVM that keeps about 40 MiB alive and makes garbage around it, with the option the bench gives a node. */
    @Test
    void readsTheLogOfAnotherJvmFromAMark(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        GcLogHeap heap = new GcLogHeap(log);
        assertThat(heap.mark()).isZero();

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+UseG1GC",
                GcLogHeap.option(log),
                "-cp",
                System.getProperty("java.class.path"),
                KeepsFortyMib.class.getName()));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();

        GcLogHeap.Figures all = heap.since(0);
        assertThat(all.collections()).isGreaterThanOrEqualTo(2);
        assertThat(all.afterCollectionPeakMib()).isBetween(40L, 128L);
        assertThat(all.inUsePeakMib()).isGreaterThanOrEqualTo(all.afterCollectionPeakMib());
        assertThat(heap.since(heap.mark())).isEqualTo(new GcLogHeap.Figures(0, 0, 0));
    }

    /** Run in the child JVM above. */
    public static final class KeepsFortyMib {
        public static void main(String[] args) {
            List<byte[]> kept = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                kept.add(new byte[1024 * 1024]);
            }
            long garbage = 0;
            for (int i = 0; i < 200; i++) {
                garbage += new byte[1024 * 1024].length;
            }
            System.gc();
            System.out.println("kept " + kept.size() + " MiB, made " + garbage / (1024 * 1024) + " MiB of garbage");
        }
    }
}
