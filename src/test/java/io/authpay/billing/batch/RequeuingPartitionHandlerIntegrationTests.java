package io.authpay.billing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.charge.ChargePartition;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

/**
 * The manager's side of remote partitioning on the real job repository, this test playing the workers: a
 * partition whose worker stopped beating is marked FAILED naming its node and sent again as a new execution of
 * the same partition, whose end is then what the manager waits for; not once the run was asked to stop.
 */
class RequeuingPartitionHandlerIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    JobRepository repository;

    @Autowired
    Clock clock;

    final QueueChannel requests = new QueueChannel();
    /** The step executions whose worker this test declares dead. */
    final Set<Long> dead = ConcurrentHashMap.newKeySet();
    /** The job executions this test made. */
    final List<Long> jobs = new ArrayList<>();

    @Test
    void aPartitionWhoseWorkerStoppedBeatingIsSentAgainAndTheManagerWaitsForTheNewExecution() throws Exception {
        JobExecution job = runningJob("requeue");
        StepExecution manager = started(job, "charge-due", null);
        StepExecution p0 = started(job, "charge-due-partition:p0", "host-a/1");
        StepExecution p1 = started(job, "charge-due-partition:p1", "host-b/2");
        LocalDateTime managerSaved =
                repository.getStepExecution(manager.getId()).getLastUpdated();
        CompletableFuture<Set<StepExecution>> ended = handle(manager, p0, p1);
        assertThat(List.of(request(), request())).containsExactlyInAnyOrder(p0.getId(), p1.getId());

        dead.add(p1.getId());
        long again = request();
        assertThat(repository.getStepExecution(manager.getId()).getLastUpdated())
                .as("the manager beats while it waits")
                .isAfter(managerSaved);

        StepExecution failed = repository.getStepExecution(p1.getId());
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getExitStatus().getExitDescription())
                .startsWith("its node host-b/2 stopped beating (last heartbeat ")
                .endsWith("; run again on a live node");
        StepExecution next = repository.getStepExecution(again);
        assertThat(next.getStepName()).isEqualTo("charge-due-partition:p1");
        assertThat(next.getJobExecutionId()).isEqualTo(job.getId());
        assertThat(next.getStatus()).isEqualTo(BatchStatus.STARTING);
        assertThat(ChargePartitioner.of(next.getExecutionContext())).isEqualTo(new ChargePartition(1, 2));
        assertThat(StepFigures.node(next.getExecutionContext()))
                .as("nothing of the dead execution's own")
                .isNull();

        complete(p0.getId());
        assertThat(ended).isNotDone();
        complete(again);
        Set<StepExecution> results = ended.get(30, TimeUnit.SECONDS);
        assertThat(results).extracting(StepExecution::getId).containsExactlyInAnyOrder(p0.getId(), again);
        assertThat(results).extracting(StepExecution::getStatus).containsOnly(BatchStatus.COMPLETED);
        // What reads the run when it ends (its summary) sees the dead execution's end and the new one.
        assertThat(manager.getJobExecution().getStepExecutions())
                .filteredOn(s -> s.getStepName().equals("charge-due-partition:p1"))
                .extracting(StepExecution::getId)
                .containsExactlyInAnyOrder(p1.getId(), again);
        assertThat(p1.getStatus()).as("the run's own copy of the dead one").isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void aDeadWorkersPartitionIsNotSentAgainOnceTheRunWasAskedToStop() throws Exception {
        JobExecution job = runningJob("stopping");
        StepExecution manager = started(job, "charge-due", null);
        StepExecution p0 = started(job, "charge-due-partition:p0", "host-a/1");
        CompletableFuture<Set<StepExecution>> ended = handle(manager, p0);
        assertThat(request()).isEqualTo(p0.getId());
        JobExecution stopping = repository.getJobExecution(job.getId());
        stopping.setStatus(BatchStatus.STOPPING);
        repository.update(stopping);
        // A beat of the manager stamped after the stop was saved has read it (a beat stamps, reads the run,
        // then saves); the stamps are Spring Batch's, on the wall clock.
        LocalDateTime stopSaved = LocalDateTime.now(Clock.systemDefaultZone());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!repository.getStepExecution(manager.getId()).getLastUpdated().isAfter(stopSaved)) {
            assertThat(System.nanoTime()).as("the manager to read the stop").isLessThan(deadline);
            Thread.sleep(20);
        }

        dead.add(p0.getId());

        Set<StepExecution> results = ended.get(30, TimeUnit.SECONDS);
        assertThat(results).singleElement().satisfies(p -> {
            assertThat(p.getId()).isEqualTo(p0.getId());
            assertThat(p.getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(p.getExitStatus().getExitDescription()).endsWith("; restart the run to continue");
        });
        assertThat(requests.receive(0)).as("nothing sent again").isNull();
    }

    @Test
    void anOperatorsStopThatWroteTheManagersStepBetweenItsReadAndItsWriteLetsTheManagerWaitOn() throws Exception {
        JobExecution job = runningJob("stop-wrote-manager");
        StepExecution manager = started(job, "charge-due", null);
        StepExecution p0 = started(job, "charge-due-partition:p0", "host-a/1");
        // Spring Batch's update of a step reads a STOPPING run's step version, then writes: JobOperator.stop
        // writing the same step in between makes that write fail. The repository below lets the operator's
        // write land in that gap, once, after the run was marked STOPPING.
        java.util.concurrent.atomic.AtomicBoolean stopLandsInTheGap = new java.util.concurrent.atomic.AtomicBoolean();
        JobRepository racing = (JobRepository) java.lang.reflect.Proxy.newProxyInstance(
                JobRepository.class.getClassLoader(), new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("update")
                            && args[0] instanceof StepExecution step
                            && step.getId() == manager.getId()
                            && stopLandsInTheGap.compareAndSet(true, false)) {
                        StepExecution operatorsCopy = repository.getStepExecution(manager.getId());
                        operatorsCopy.setTerminateOnly();
                        repository.update(operatorsCopy);
                        throw new org.springframework.dao.OptimisticLockingFailureException(
                                "Attempt to update step execution id=" + step.getId() + " with wrong version");
                    }
                    try {
                        return method.invoke(repository, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CompletableFuture<Set<StepExecution>> ended = handle(racing, manager, p0);
        assertThat(request()).isEqualTo(p0.getId());

        JobExecution stopping = repository.getJobExecution(job.getId());
        stopping.setStatus(BatchStatus.STOPPING);
        repository.update(stopping);
        stopLandsInTheGap.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stopLandsInTheGap.get() && !ended.isDone()) {
            assertThat(System.nanoTime())
                    .as("the manager to beat after the stop")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(200); // a few more beats
        complete(p0.getId());

        Set<StepExecution> results = ended.get(30, TimeUnit.SECONDS);
        assertThat(results)
                .singleElement()
                .satisfies(p -> assertThat(p.getStatus()).isEqualTo(BatchStatus.COMPLETED));
    }

    private CompletableFuture<Set<StepExecution>> handle(StepExecution manager, StepExecution... partitions) {
        return handle(repository, manager, partitions);
    }

    private CompletableFuture<Set<StepExecution>> handle(
            JobRepository repository, StepExecution manager, StepExecution... partitions) {
        RequeuingPartitionHandler handler = new RequeuingPartitionHandler(
                ChargePartitioner.WORKER_STEP,
                partitions.length,
                requests,
                repository,
                step -> dead.contains(step.getId()),
                Duration.ofMillis(50),
                clock);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return handler.doHandle(manager, Set.of(partitions));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The step execution of the next request the manager sends. */
    private long request() {
        Message<?> message = requests.receive(30_000);
        assertThat(message).as("a request within 30 s").isNotNull();
        return ((StepExecutionRequest) message.getPayload()).getStepExecutionId();
    }

    /**
     * A running execution of a job of this test's own, so that no launch or recovery of the billing jobs by
     * other tests on this database meets it; ended after the test.
     */
    private JobExecution runningJob(String name) {
        JobParameters parameters = new JobParametersBuilder()
                .addString(BillingJobs.DATE, "2026-12-01")
                .toJobParameters();
        JobInstance instance = repository.createJobInstance("requeue-test-" + name, parameters);
        JobExecution job = repository.createJobExecution(instance, parameters, new ExecutionContext());
        job.setStatus(BatchStatus.STARTED);
        repository.update(job);
        jobs.add(job.getId());
        return job;
    }

    @AfterEach
    void endTheJobs() {
        for (long id : jobs) {
            JobExecution job = repository.getJobExecution(id);
            job.setStatus(BatchStatus.FAILED);
            job.setEndTime(BatchTime.stamp(clock.instant()));
            repository.update(job);
        }
    }

    /** A step execution as a worker has it once started: STARTED, its partition and node in its context. */
    private StepExecution started(JobExecution job, String name, String node) {
        StepExecution step = repository.createStepExecution(name, job);
        if (name.startsWith(PartitionFigures.PREFIX)) {
            step.setExecutionContext(
                    new ChargePartitioner().partition(2).get(name.substring(PartitionFigures.PREFIX.length())));
            StepFigures.node(step.getExecutionContext(), node);
            repository.updateExecutionContext(step);
        }
        step.setStatus(BatchStatus.STARTED);
        repository.update(step);
        return step;
    }

    /** What a worker does at the end of its partition. */
    private void complete(long stepExecutionId) {
        StepExecution step = repository.getStepExecution(stepExecutionId);
        step.setStatus(BatchStatus.COMPLETED);
        step.setExitStatus(ExitStatus.COMPLETED);
        repository.update(step);
    }
}
