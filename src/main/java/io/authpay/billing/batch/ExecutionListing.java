package io.authpay.billing.batch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lists job executions, newest first, straight from the job repository's tables: one query, where the
 * repository's API would load every execution's steps and contexts; and one more for the partitions of
 * the daily runs among them, whose figures are in their steps' contexts (read as Spring Batch wrote them).
 * It needs no batch infrastructure: read-only commands list executions too.
 */
@Component
public class ExecutionListing {

    /** How many executions one query of partitions covers. */
    private static final int PARTITION_QUERY_MAX = 500;

    private final JdbcTemplate jdbc;
    private final ExecutionContextSerializer contexts;

    ExecutionListing(JdbcTemplate jdbc, ObjectProvider<ExecutionContextSerializer> contexts) {
        this.jdbc = jdbc;
        // Spring Boot's job repository uses the application's serializer if it has one, else this default.
        this.contexts = contexts.getIfAvailable(DefaultExecutionContextSerializer::new);
    }

    /**
     * One execution as an operator sees it.
     *
     * @param executionId the execution's id (what {@code restart} and {@code stop} take)
     * @param job the job
     * @param date the business date parameter
     * @param slot the slot parameter
     * @param status STARTING, STARTED, STOPPING, STOPPED, COMPLETED, FAILED, ABANDONED or UNKNOWN
     * @param exitCode Spring Batch's exit code
     * @param exitDescription why it stopped or failed
     * @param startedAt when it started
     * @param endedAt when it ended (or was asked to stop); null while it runs
     * @param durationSeconds from start to end, whole seconds; null while it runs
     * @param partitions a daily run's partitions: the node that ran each, its status and figures
     */
    public record Row(
            long executionId,
            String job,
            LocalDate date,
            String slot,
            String status,
            String exitCode,
            String exitDescription,
            Instant startedAt,
            Instant endedAt,
            Long durationSeconds,
            List<PartitionFigures> partitions) {}

    /** The latest {@code limit} executions, of one job or (when {@code job} is null) of all. */
    public List<Row> recent(String job, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                SELECT E.JOB_EXECUTION_ID, I.JOB_NAME, E.STATUS, E.EXIT_CODE, E.EXIT_MESSAGE, E.START_TIME, E.END_TIME,
                       (SELECT P.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS P
                         WHERE P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID AND P.PARAMETER_NAME = ?) AS DATE_PARAM,
                       (SELECT P.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS P
                         WHERE P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID AND P.PARAMETER_NAME = ?) AS SLOT_PARAM
                  FROM BATCH_JOB_EXECUTION E
                  JOIN BATCH_JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID
                """);
        args.add(BillingJobs.DATE);
        args.add(BillingJobs.SLOT);
        if (job != null) {
            sql.append(" WHERE I.JOB_NAME = ?");
            args.add(job);
        }
        sql.append(" ORDER BY E.JOB_EXECUTION_ID DESC LIMIT ?");
        args.add(limit);
        List<Row> rows = jdbc.query(
                sql.toString(),
                (rs, i) -> {
                    Instant start = BatchTime.instant(rs.getObject("START_TIME", LocalDateTime.class));
                    Instant end = BatchTime.instant(rs.getObject("END_TIME", LocalDateTime.class));
                    return new Row(
                            rs.getLong("JOB_EXECUTION_ID"),
                            rs.getString("JOB_NAME"),
                            date(rs.getString("DATE_PARAM")),
                            rs.getString("SLOT_PARAM"),
                            rs.getString("STATUS"),
                            rs.getString("EXIT_CODE"),
                            rs.getString("EXIT_MESSAGE"),
                            start,
                            end,
                            start == null || end == null
                                    ? null
                                    : Duration.between(start, end).toSeconds(),
                            List.<PartitionFigures>of());
                },
                args.toArray());
        return withPartitions(rows);
    }

    private List<Row> withPartitions(List<Row> rows) {
        List<Long> daily = rows.stream()
                .filter(row -> BillingJobs.DAILY.equals(row.job()))
                .map(Row::executionId)
                .toList();
        if (daily.isEmpty()) {
            return rows;
        }
        Map<Long, List<PartitionFigures>> partitions = new HashMap<>();
        for (int from = 0; from < daily.size(); from += PARTITION_QUERY_MAX) {
            List<Long> ids = daily.subList(from, Math.min(daily.size(), from + PARTITION_QUERY_MAX));
            List<Object> args = new ArrayList<>(ids);
            args.add(PartitionFigures.PREFIX + "%");
            jdbc.query(
                    "SELECT S.JOB_EXECUTION_ID, S.STEP_NAME, S.STATUS, S.START_TIME, S.END_TIME,"
                            + " C.SHORT_CONTEXT, C.SERIALIZED_CONTEXT FROM BATCH_STEP_EXECUTION S"
                            + " LEFT JOIN BATCH_STEP_EXECUTION_CONTEXT C ON C.STEP_EXECUTION_ID = S.STEP_EXECUTION_ID"
                            + " WHERE S.JOB_EXECUTION_ID IN (" + String.join(",", Collections.nCopies(ids.size(), "?"))
                            + ") AND S.STEP_NAME LIKE ?"
                            // A partition run again after its node died: its executions in order, the dead first.
                            + " ORDER BY S.STEP_EXECUTION_ID",
                    rs -> {
                        partitions
                                .computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                                .add(PartitionFigures.of(
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getObject(4, LocalDateTime.class),
                                        rs.getObject(5, LocalDateTime.class),
                                        context(rs.getString(7) != null ? rs.getString(7) : rs.getString(6))));
                    },
                    args.toArray());
        }
        return rows.stream()
                .map(row -> new Row(
                        row.executionId(),
                        row.job(),
                        row.date(),
                        row.slot(),
                        row.status(),
                        row.exitCode(),
                        row.exitDescription(),
                        row.startedAt(),
                        row.endedAt(),
                        row.durationSeconds(),
                        partitions.getOrDefault(row.executionId(), List.of()).stream()
                                .sorted(PartitionFigures.IN_ORDER)
                                .toList()))
                .toList();
    }

    private ExecutionContext context(String serialized) {
        if (serialized == null || serialized.isEmpty()) {
            return new ExecutionContext();
        }
        try {
            return new ExecutionContext(
                    contexts.deserialize(new ByteArrayInputStream(serialized.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException | RuntimeException e) {
            return new ExecutionContext(); // unreadable: the partition is listed without its figures
        }
    }

    /** How many executions there are, of one job or (when {@code job} is null) of all. */
    public long count(String job) {
        return job == null
                ? jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION", Long.class)
                : jdbc.queryForObject(
                        "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I"
                                + " ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = ?",
                        Long.class,
                        job);
    }

    private static LocalDate date(String value) {
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null; // an execution of some other job, with a date of another shape
        }
    }
}
