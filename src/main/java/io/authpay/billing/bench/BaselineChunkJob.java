package io.authpay.billing.bench;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.ChargeRequest;
import io.authpay.billing.system.DbTime;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The textbook Spring Batch way to charge, as a baseline for the benchmark: one chunk-oriented step on one
 * thread, a cursor reader over the due charges, a processor that calls the gateway, a writer that records
 * the result. It has none of the engine's guarantees (no attempt row before the call, a transaction held
 * across every call of a chunk, no lease, no inquiry); it only sets the pace to compare against.
 */
final class BaselineChunkJob {

    private static final int CHUNK = 10;

    record DueCharge(long id, String authNo, long amount, String tradeName) {}

    record Charged(long id, String code) {}

    private BaselineChunkJob() {}

    /** A job over the DUE charges with an id above {@code afterId}. */
    static Job build(
            JobRepository repository,
            PlatformTransactionManager transactions,
            DataSource dataSource,
            AuthPayClient gateway,
            String orderIdPrefix,
            long afterId,
            Clock clock) {
        JdbcCursorItemReader<DueCharge> reader = new JdbcCursorItemReaderBuilder<DueCharge>()
                .name("dueCharges")
                .dataSource(dataSource)
                .sql("SELECT id, auth_no, amount, trade_name FROM charge WHERE status = 'DUE' AND id > ? ORDER BY id")
                .queryArguments(afterId)
                .rowMapper((rs, i) -> new DueCharge(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .build();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        var step = new ChunkOrientedStepBuilder<DueCharge, Charged>("baseline-charge", repository, CHUNK)
                .transactionManager(transactions)
                .reader(reader)
                .processor(charge -> new Charged(
                        charge.id(),
                        gateway.charge(new ChargeRequest(
                                        charge.authNo(),
                                        orderIdPrefix + "-" + charge.id(),
                                        charge.tradeName(),
                                        charge.amount()))
                                .code()))
                .writer(chunk -> jdbc.batchUpdate(
                        "UPDATE charge SET status = ?, last_result_code = ?, attempts = attempts + 1, updated_at = ?"
                                + " WHERE id = ?",
                        chunk.getItems().stream()
                                .map(c -> new Object[] {
                                    "000".equals(c.code()) ? "SUCCEEDED" : "FAILED",
                                    c.code(),
                                    DbTime.utc(clock.instant()),
                                    c.id()
                                })
                                .toList()))
                .build();
        return new JobBuilder("baseline-chunk-step", repository).start(step).build();
    }
}
