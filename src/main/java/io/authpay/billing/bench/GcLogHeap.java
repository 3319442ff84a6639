package io.authpay.billing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of another JVM, read from its GC log ({@code -Xlog:gc:file=...}): every collection logs the heap
 * before and after it ({@code Pause Young (Normal) (G1 Evacuation Pause) 120M->45M(384M) 3.1ms}). The most
 * before a collection is the most heap in use, garbage included; the most after one is the most the process
 * kept alive.
 */
final class GcLogHeap {

    private static final Pattern BEFORE_AFTER = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * The heap over some collections.
     *
     * @param collections how many collections logged the heap
     * @param inUsePeakMib the most heap in use before a collection
     * @param afterCollectionPeakMib the most heap left after a collection
     */
    record Figures(int collections, long inUsePeakMib, long afterCollectionPeakMib) {}

    private final Path file;

    GcLogHeap(Path file) {
        this.file = file;
    }

    /** The JVM option that writes the log this class reads (one file, never rotated). */
    static String option(Path file) {
        return "-Xlog:gc:file=" + file + ":uptime:filecount=0";
    }

    /** Where the log ends now: {@link #since} counts the collections after this mark. */
    int mark() {
        return lines().size();
    }

    /** The heap over the collections logged after {@code mark}. */
    Figures since(int mark) {
        List<String> lines = lines();
        return figures(lines.subList(Math.min(mark, lines.size()), lines.size()));
    }

    static Figures figures(List<String> lines) {
        int collections = 0;
        long inUse = 0;
        long after = 0;
        for (String line : lines) {
            Matcher m = BEFORE_AFTER.matcher(line);
            if (m.find()) {
                collections++;
                inUse = Math.max(inUse, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
            }
        }
        return new Figures(collections, inUse, after);
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GC log " + file + ": " + e.getMessage(), e);
        }
    }
}
