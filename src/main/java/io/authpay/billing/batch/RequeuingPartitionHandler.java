package io.authpay.billing.batch;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.support.MessageBuilder;

/**
 * The manager's side of remote partitioning under {@code serve}: what Spring Batch's {@code
 * MessageChannelPartitionHandler} does when it polls the job repository (one {@link StepExecutionRequest} per
 * partition on the shared channel, then a read of the job execution every interval until every partition has
 * ended), and what it lacks for a worker node that dies mid-partition:
 *
 * <ul>
 *   <li>A partition still running whose heartbeat is older than {@code billing.batch.stale-after} is the
 *       remains of a dead worker: it is marked FAILED, its exit description naming that node, and a new step
 *       execution of the same partition in the same job execution is sent as a new request, which a live
 *       worker takes. The dead node's calls in flight are settled by inquiry once their auth_no leases expire
 *       (the new execution starts with that sweep); nothing is charged again blindly. A worker that was only
 *       slow finds its step execution changed at its next beat and stops; the leases keep the two apart.
 *   <li>The manager beats: every poll saves the manager step, so the run's heartbeat stays fresh while the
 *       manager lives, whatever its partitions do. A run is taken for dead ({@link StaleExecutionRecovery})
 *       only when the manager's own node died; then a live node recovers it and restarts its unfinished
 *       partitions.
 * </ul>
 *
 * A partition is run again at most {@value #MAX_RUNS_AGAIN} times in one run (a partition that kills every
 * node it runs on must not go round the nodes forever), and not when the run was asked to stop: it then stays
 * FAILED and a restart reruns it.
 */
final class RequeuingPartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RequeuingPartitionHandler.class);
    static final int MAX_RUNS_AGAIN = 3;

    private final String workerStep;
    private final QueueChannel requests;
    private final JobRepository repository;
    /** Whether a running partition's heartbeat is stale: {@link StaleExecutionRecovery#isStale(StepExecution)}. */
    private final Predicate<StepExecution> stale;

    private final Duration pollInterval;
    private final Clock clock;

    RequeuingPartitionHandler(
            String workerStep,
            int gridSize,
            QueueChannel requests,
            JobRepository repository,
            Predicate<StepExecution> stale,
            Duration pollInterval,
            Clock clock) {
        this.workerStep = workerStep;
        this.requests = requests;
        this.repository = repository;
        this.stale = stale;
        this.pollInterval = pollInterval;
        this.clock = clock;
        setGridSize(gridSize);
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions)
            throws InterruptedException {
        // The execution each partition's end is awaited from, by partition name.
        Map<String, StepExecution> awaited = new LinkedHashMap<>();
        for (StepExecution partition : partitions) {
            send(partition);
            awaited.put(partition.getStepName(), partition);
        }
        Map<String, Integer> runsAgain = new HashMap<>();
        while (true) {
            beat(manager);
            JobExecution job = repository.getJobExecution(manager.getJobExecutionId());
            Map<Long, StepExecution> fresh = job.getStepExecutions().stream()
                    .collect(Collectors.toMap(StepExecution::getId, Function.identity()));
            Set<StepExecution> ended = new HashSet<>();
            for (Map.Entry<String, StepExecution> entry : awaited.entrySet()) {
                StepExecution partition = fresh.get(entry.getValue().getId());
                if (!partition.getStatus().isRunning()) {
                    ended.add(partition);
                } else if (workerDied(partition)) {
                    boolean again =
                            !manager.isTerminateOnly() && runsAgain.getOrDefault(entry.getKey(), 0) < MAX_RUNS_AGAIN;
                    StepExecution next = endDead(manager, partition, again);
                    if (next == partition) {
                        ended.add(partition);
                    } else if (next != null) {
                        runsAgain.merge(entry.getKey(), 1, Integer::sum);
                        entry.setValue(next);
                    }
                }
            }
            if (ended.size() == awaited.size()) {
                return ended;
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private void send(StepExecution partition) {
        requests.send(MessageBuilder.withPayload(new StepExecutionRequest(workerStep, partition.getId()))
                .build());
    }

    /**
     * Saves the manager step: its {@code LAST_UPDATED} is the run's heartbeat while the partitions wait in the
     * queue or die, and the save reads a stop request (the step becomes terminate-only).
     */
    private void beat(StepExecution manager) {
        try {
            repository.update(manager);
        } catch (OptimisticLockingFailureException e) {
            if (repository.getJobExecution(manager.getJobExecutionId()).getStatus() == BatchStatus.STOPPING) {
                // An operator's stop: JobOperator.stop marks the run STOPPING, then writes its running steps,
                // this one too. Spring Batch's update takes a STOPPING run's saved version before it writes, so
                // only a stop landing between the two gets here. The run is still this manager's: it takes the
                // saved version and waits on for its partitions, which stop.
                manager.setVersion(repository.getStepExecution(manager.getId()).getVersion());
                manager.setTerminateOnly();
                try {
                    repository.update(manager);
                    return;
                } catch (OptimisticLockingFailureException again) {
                    e.addSuppressed(again);
                }
            }
            // Another node took this run for dead and recovered it (a long pause of this process): the run is
            // theirs now, and waiting on would make two managers of it.
            throw new IllegalStateException(
                    "execution " + manager.getJobExecutionId()
                            + " was recovered by another node while its partitions ran; this manager gives it up",
                    e);
        }
    }

    /**
     * Whether the worker of a running partition died: it stopped beating. A partition still STARTING is
     * waiting in the queue, unless the queue is empty: then a worker took its request and died before
     * starting it.
     */
    private boolean workerDied(StepExecution partition) {
        if (!stale.test(partition)) {
            return false;
        }
        return partition.getStatus() != BatchStatus.STARTING || requests.getQueueSize() == 0;
    }

    /**
     * Marks a dead worker's partition FAILED and, when {@code again}, sends a new execution of it; returns
     * that, or null when the partition's worker beat meanwhile (it lives: the next poll looks again).
     */
    private StepExecution endDead(StepExecution manager, StepExecution dead, boolean again) {
        String node = StepFigures.node(dead.getExecutionContext());
        String why = (node == null ? "the worker that took it" : "its node " + node)
                + " stopped beating (last heartbeat "
                + BatchTime.instant(dead.getLastUpdated() != null ? dead.getLastUpdated() : dead.getCreateTime())
                + ")"
                + (again ? "; run again on a live node" : "; restart the run to continue");
        dead.setStatus(BatchStatus.FAILED);
        dead.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), why));
        dead.setEndTime(BatchTime.stamp(clock.instant()));
        StepFigures.exitDescription(dead.getExecutionContext(), why);
        try {
            repository.update(dead);
        } catch (OptimisticLockingFailureException e) {
            log.info("{} of execution {} beat after all; left running", dead.getStepName(), dead.getJobExecutionId());
            return null;
        }
        repository.updateExecutionContext(dead);
        log.warn("{} of execution {}: {}", dead.getStepName(), dead.getJobExecutionId(), why);
        // The run's own copy says how it ended, for what reads the run when it ends.
        manager.getJobExecution().getStepExecutions().stream()
                .filter(copy -> copy.getId() == dead.getId())
                .forEach(copy -> PartitionResults.refresh(copy, dead));
        if (!again) {
            return dead;
        }
        // A new execution of the same partition, in the run's own copy too (the aggregation brings it up to
        // date); the same context but for what the dead one wrote of its own.
        StepExecution next = repository.createStepExecution(dead.getStepName(), manager.getJobExecution());
        ExecutionContext context = new ExecutionContext(dead.getExecutionContext());
        StepFigures.clear(context);
        next.setExecutionContext(context);
        repository.updateExecutionContext(next);
        send(next);
        log.warn(
                "{} of execution {} sent again as step execution {}",
                dead.getStepName(),
                dead.getJobExecutionId(),
                next.getId());
        return next;
    }
}
