package io.authpay.billing.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

/**
 * This node's workers of the daily charge step: {@code billing.charge.partitions-per-node} threads, each
 * taking one partition request at a time from the shared queue and running it through Spring Batch's
 * {@link StepExecutionRequestHandler}. A node runs at most that many partitions at once, so the requests
 * of a run spread over the nodes; the partitions running here share its call slots.
 *
 * <p>Stops after {@code serve}'s own runs have drained (a lower phase): it takes no more requests and ends
 * the partitions it runs STOPPED, their calls in flight recorded, as a stop would; the other nodes' partitions
 * of those runs go on, and a restart or the next sweep charges what is left.
 */
final class PartitionWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorkers.class);
    private static final long POLL_MILLIS = 500;
    private static final long STOP_WAIT_MILLIS = 60_000;

    private final PollableChannel requests;
    private final StepExecutionRequestHandler handler;
    private final JobRepository repository;
    private final int threads;
    private final List<Thread> workers = new ArrayList<>();
    /** The job executions whose partitions run here now. */
    private final Set<Long> runningExecutions = ConcurrentHashMap.newKeySet();

    private volatile boolean running;

    PartitionWorkers(
            PollableChannel requests, StepExecutionRequestHandler handler, JobRepository repository, int threads) {
        this.requests = requests;
        this.handler = handler;
        this.repository = repository;
        this.threads = threads;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 1; i <= threads; i++) {
            Thread worker = new Thread(this::work, "partition-worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        log.info("{} partition workers take the daily charge step's partitions on {}", threads, NodeName.current());
    }

    private void work() {
        while (running) {
            try {
                Message<?> message = requests.receive(POLL_MILLIS);
                if (message != null && message.getPayload() instanceof StepExecutionRequest request) {
                    run(request);
                }
            } catch (RuntimeException e) {
                // The database may be away for a moment; the request, if one was taken, ended its step FAILED.
                log.warn("A partition worker's poll or run failed: {}", rootMessage(e));
                pause();
            }
        }
    }

    /**
     * Runs a request whose partition has not started yet. A request may outlive its run: one left in the
     * queue by a manager that died, whose execution was since recovered (FAILED) and restarted with
     * partitions of its own; running that old partition too would be a second run of it.
     */
    private void run(StepExecutionRequest request) {
        StepExecution partition = repository.getStepExecution(request.getStepExecutionId());
        if (partition == null || partition.getStatus() != BatchStatus.STARTING) {
            log.info(
                    "Dropped the request for step execution {}: it is {}",
                    request.getStepExecutionId(),
                    partition == null ? "gone" : partition.getStatus());
            return;
        }
        log.info("Running {} (step execution {})", request.getStepName(), request.getStepExecutionId());
        runningExecutions.add(partition.getJobExecutionId());
        try {
            handler.handle(request);
        } finally {
            runningExecutions.remove(partition.getJobExecutionId());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        runningExecutions.forEach(id -> StepHeartbeat.stopExecution(repository, id));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below {@code serve}'s lifecycle: started before it, stopped after its runs have drained. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
