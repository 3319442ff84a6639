package io.authpay.billing.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lists job executions, newest first, straight from the job repository's tables: one query, where the
 * repository's API would load every execution's steps and contexts.
 */
@Component
public class ExecutionListing {

    private final JdbcTemplate jdbc;

    ExecutionListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
            Long durationSeconds) {}

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
        return jdbc.query(
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
                                    : Duration.between(start, end).toSeconds());
                },
                args.toArray());
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
