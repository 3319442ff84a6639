package io.authpay.billing.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a run needs, watched while it runs. Two figures, since they answer different questions:
 * <ul>
 *   <li><b>in use, peak</b>: the most heap the pools held, garbage included. It follows how large the
 *       collector lets the young generation grow (G1 grows it with the heap it may take), so it says more
 *       about the collector's sizing than about the run;
 *   <li><b>after collection, peak</b>: the most heap still held right after a collection, the data the run
 *       keeps alive plus what was promoted. This is what must fit in {@code -Xmx}, and what grows if a run
 *       keeps something per charge.
 * </ul>
 */
final class HeapWatch implements NotificationListener, AutoCloseable {
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    private final Set<String> heapPoolNames =
            pools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(NotificationEmitter.class::isInstance)
            .map(NotificationEmitter.class::cast)
            .toList();
    private final AtomicLong afterCollectionPeak = new AtomicLong();

    /** Starts watching from a collected heap, so that a run is not charged with what came before it. */
    static HeapWatch start() {
        System.gc();
        HeapWatch watch = new HeapWatch();
        watch.pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        watch.afterCollectionPeak.set(watch.inUse());
        watch.collectors.forEach(c -> c.addNotificationListener(watch, null, null));
        return watch;
    }

    private long inUse() {
        return pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(e -> heapPoolNames.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .mapToLong(MemoryUsage::getUsed)
                .sum();
        afterCollectionPeak.accumulateAndGet(after, Math::max);
    }

    /** The most heap in use, garbage included (each pool's peak, summed). */
    long inUsePeakBytes() {
        return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The most heap left right after a collection. */
    long afterCollectionPeakBytes() {
        return afterCollectionPeak.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter collector : collectors) {
            try {
                collector.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // never added: nothing to remove
            }
        }
    }
}
