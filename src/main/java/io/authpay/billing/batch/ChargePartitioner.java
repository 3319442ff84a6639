package io.authpay.billing.batch;

import io.authpay.billing.charge.ChargePartition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the daily charge step into {@code gridSize} partitions ({@code billing.charge.partitions}), each the
 * charges of the auth_nos of one {@link ChargePartition}. Spring Batch keeps the grid size of the first
 * execution of a run for its restarts, and each partition's context, so a restart reruns the same shares.
 */
final class ChargePartitioner implements Partitioner {

    /** The name of the worker step; a partition's step execution is named {@code charge-due-partition:pN}. */
    static final String WORKER_STEP = "charge-due-partition";

    private static final String INDEX = "charge.partition.index";
    private static final String COUNT = "charge.partition.count";

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (int i = 0; i < gridSize; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(INDEX, i);
            context.putInt(COUNT, gridSize);
            partitions.put("p" + i, context);
        }
        return partitions;
    }

    /** The partition a step execution's context names; the whole when it names none (not partitioned). */
    static ChargePartition of(ExecutionContext context) {
        if (!context.containsKey(INDEX) || !context.containsKey(COUNT)) {
            return ChargePartition.WHOLE;
        }
        return new ChargePartition(number(context, INDEX), number(context, COUNT));
    }

    private static int number(ExecutionContext context, String key) {
        return ((Number) context.get(key)).intValue();
    }
}
