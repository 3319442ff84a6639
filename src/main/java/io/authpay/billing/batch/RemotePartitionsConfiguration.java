package io.authpay.billing.batch;

import io.authpay.billing.system.BillingProperties;
import java.time.Clock;
import java.util.HashMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.MySqlChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * Under {@code serve}, the daily charge step's partitions run on every node: Spring Batch's remote
 * partitioning over a Spring Integration channel kept in the database ({@code INT_CHANNEL_MESSAGE}, no
 * broker). The manager step sends one request per partition and polls the job repository until every
 * partition has ended, running again on a live node a partition whose worker died ({@link
 * RequeuingPartitionHandler}); each node's {@link PartitionWorkers} take requests and run them. One row, one taker:
 * the store deletes the row it hands out, and only the poll whose delete succeeds gets it.
 */
@Configuration(proxyBeanMethods = false)
@Profile(RemotePartitionsConfiguration.PROFILE)
class RemotePartitionsConfiguration {

    /** The profile {@code serve} runs with (the web module's {@code ServeApplication.PROFILE}). */
    static final String PROFILE = "serve";

    /** The message group the partition requests queue in. */
    static final String REQUESTS = "charge-due-partitions";

    @Bean
    JdbcChannelMessageStore partitionRequestStore(DataSource dataSource) {
        JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
        store.setChannelMessageStoreQueryProvider(new MySqlChannelMessageStoreQueryProvider());
        store.setRegion("billing");
        // Only what the manager sends is ever turned back into objects: a message of a step execution
        // request, its headers (ids, sequence numbers, a correlation id).
        store.addAllowedPatterns(
                StepExecutionRequest.class.getName(),
                GenericMessage.class.getName(),
                MessageHeaders.class.getName(),
                HashMap.class.getName(),
                UUID.class.getName(),
                Number.class.getName(),
                Long.class.getName(),
                Integer.class.getName(),
                String.class.getName());
        return store;
    }

    @Bean
    QueueChannel partitionRequests(JdbcChannelMessageStore partitionRequestStore) {
        return new QueueChannel(new MessageGroupQueue(partitionRequestStore, REQUESTS));
    }

    /**
     * The manager's side: requests on the queue, the partitions' ends read from the job repository every
     * heartbeat interval, and a partition whose worker died run again on a live one.
     */
    @Bean
    PartitionHandler chargePartitionHandler(
            QueueChannel partitionRequests,
            JobRepository repository,
            ObjectProvider<StaleExecutionRecovery> recovery,
            BillingProperties properties,
            BatchSettings settings,
            Clock clock) {
        return new RequeuingPartitionHandler(
                ChargePartitioner.WORKER_STEP,
                properties.charge().partitions(),
                partitionRequests,
                repository,
                // Looked up when first asked: the recovery needs the job operator, whose registry of jobs is
                // filled while the jobs (this handler's step among them) are made; a direct dependency would
                // leave daily-billing out of it, and its restarts would fail.
                step -> recovery.getObject().isStale(step),
                settings.heartbeatInterval(),
                clock);
    }

    @Bean
    PartitionWorkers partitionWorkers(
            QueueChannel partitionRequests,
            JobRepository repository,
            Step chargePartitionStep,
            BillingProperties properties) {
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(repository);
        handler.setStepLocator(name -> ChargePartitioner.WORKER_STEP.equals(name) ? chargePartitionStep : null);
        return new PartitionWorkers(
                partitionRequests, handler, repository, properties.charge().partitionsPerNode());
    }
}
