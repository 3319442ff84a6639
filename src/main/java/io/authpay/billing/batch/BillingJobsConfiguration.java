package io.authpay.billing.batch;

import io.authpay.billing.charge.ChargeRunner;
import io.authpay.billing.charge.NightlyWork;
import io.authpay.billing.system.BillingProperties;
import java.time.Clock;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttribute;

/**
 * The billing jobs: {@value BillingJobs#NIGHTLY} (four steps, in order) and {@value BillingJobs#DAILY}
 * (one partitioned step). Wiring only; the steps' behaviour is in their tasklets.
 */
@Configuration(proxyBeanMethods = false)
class BillingJobsConfiguration {

    /**
     * The work commits its own short transactions (an attempt row before its HTTP call, the outcome
     * after): a transaction around the whole tasklet would hold them all open across the calls. Every
     * failure propagates, checked or not, as with the step's default attribute (which would otherwise
     * swallow checked exceptions).
     */
    private static final TransactionAttribute NO_TRANSACTION =
            new DefaultTransactionAttribute(TransactionDefinition.PROPAGATION_NOT_SUPPORTED) {
                @Override
                public boolean rollbackOn(Throwable failure) {
                    return true;
                }
            };

    /**
     * Every user of the job repository (the jobs, their steps, the job operator) gets the one whose START and
     * END times come from the program's clock. Static: a post-processor is made before the other beans.
     */
    @Bean
    static BeanPostProcessor clockStampedJobRepository(ObjectProvider<Clock> clock) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JobRepository repository
                        ? ClockStampedJobRepository.wrap(repository, clock.getObject())
                        : bean;
            }
        };
    }

    @Bean
    Job nightlyBillingJob(
            JobRepository repository,
            Step createDueChargesStep,
            Step settleUnknownStep,
            Step refreshBindingsStep,
            Step freeExpiredLeasesStep) {
        return new JobBuilder(BillingJobs.NIGHTLY, repository)
                .validator(parametersValidator())
                .listener(new ExitDescriptionListener())
                .start(createDueChargesStep)
                .next(settleUnknownStep)
                .next(refreshBindingsStep)
                .next(freeExpiredLeasesStep)
                .build();
    }

    @Bean
    Job dailyBillingJob(JobRepository repository, Step chargeDueStep) {
        return new JobBuilder(BillingJobs.DAILY, repository)
                .validator(parametersValidator())
                .listener(new ExitDescriptionListener())
                .start(chargeDueStep)
                .build();
    }

    @Bean
    Step createDueChargesStep(
            JobRepository repository,
            PlatformTransactionManager transactions,
            ObjectProvider<NightlyWork> work,
            BatchSettings settings) {
        return nightlyStep(NightlyTask.CREATE_DUE_CHARGES, repository, transactions, work, settings);
    }

    @Bean
    Step settleUnknownStep(
            JobRepository repository,
            PlatformTransactionManager transactions,
            ObjectProvider<NightlyWork> work,
            BatchSettings settings) {
        return nightlyStep(NightlyTask.SETTLE_UNKNOWN, repository, transactions, work, settings);
    }

    @Bean
    Step refreshBindingsStep(
            JobRepository repository,
            PlatformTransactionManager transactions,
            ObjectProvider<NightlyWork> work,
            BatchSettings settings) {
        return nightlyStep(NightlyTask.REFRESH_BINDINGS, repository, transactions, work, settings);
    }

    @Bean
    Step freeExpiredLeasesStep(
            JobRepository repository,
            PlatformTransactionManager transactions,
            ObjectProvider<NightlyWork> work,
            BatchSettings settings) {
        return nightlyStep(NightlyTask.FREE_EXPIRED_LEASES, repository, transactions, work, settings);
    }

    /**
     * The daily charge step: a partitioned step (the manager) splitting the due charges into {@code
     * billing.charge.partitions} partitions by auth_no, run by {@code chargePartitionHandler}: here, or
     * under {@code serve} by the workers of every node ({@link RemotePartitionsConfiguration}). A restart
     * reruns only the partitions that did not complete.
     */
    @Bean
    Step chargeDueStep(JobRepository repository, PartitionHandler chargePartitionHandler) {
        return new StepBuilder("charge-due", repository)
                .partitioner(ChargePartitioner.WORKER_STEP, new ChargePartitioner())
                .partitionHandler(chargePartitionHandler)
                .aggregator(new PartitionResults())
                .build();
    }

    /** Outside {@code serve} (run, demo, bench): the partitions run at once in this process. */
    @Bean
    @Profile("!" + RemotePartitionsConfiguration.PROFILE)
    PartitionHandler chargePartitionHandler(Step chargePartitionStep, BillingProperties properties) {
        TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
        handler.setStep(chargePartitionStep);
        handler.setGridSize(properties.charge().partitions());
        // One thread per partition: they run at once and share this node's call slots.
        handler.setTaskExecutor(new SimpleAsyncTaskExecutor("charge-partition-"));
        return handler;
    }

    /** One partition of the daily charge step. */
    @Bean
    Step chargePartitionStep(
            JobRepository repository,
            PlatformTransactionManager transactions,
            ObjectProvider<ChargeRunner> runner,
            BatchSettings settings) {
        return step(
                ChargePartitioner.WORKER_STEP,
                new ChargeDueTasklet(runner, repository, settings.heartbeatInterval()),
                repository,
                transactions);
    }

    private static Step nightlyStep(
            NightlyTask task,
            JobRepository repository,
            PlatformTransactionManager transactions,
            ObjectProvider<NightlyWork> work,
            BatchSettings settings) {
        return step(
                task.stepName(),
                new NightlyTasklet(task, work, repository, settings.heartbeatInterval()),
                repository,
                transactions);
    }

    private static Step step(
            String name, Tasklet tasklet, JobRepository repository, PlatformTransactionManager transactions) {
        return new StepBuilder(name, repository)
                .tasklet(tasklet, transactions)
                .transactionAttribute(NO_TRANSACTION)
                .build();
    }

    private static DefaultJobParametersValidator parametersValidator() {
        return new DefaultJobParametersValidator(new String[] {BillingJobs.DATE, BillingJobs.SLOT}, new String[0]);
    }
}
