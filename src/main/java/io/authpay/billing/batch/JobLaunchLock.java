package io.authpay.billing.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Makes "one live execution of a job at a time" a decision of the database. Spring Batch creates a job
 * instance and then a job execution; each is made here while a transaction holds the job's row of {@code
 * job_launch_lock} FOR UPDATE, and the execution only after checking under that lock that no execution of the job is
 * live (and, for a restart, that the execution restarted is still its instance's last): so of launches
 * racing on any number of nodes exactly one creates its execution, and the others are refused with {@link
 * LaunchRefusedException} before anything was created.
 *
 * <p>It wraps the context's {@link JobRepository}, so every launch path (the command line, the API, the
 * scheduler, recovery) goes through it. A launch can learn the execution it really created ({@link
 * #reporting}).
 *
 */
@Component
public final class JobLaunchLock implements BeanPostProcessor {

    private static final Set<BatchStatus> LIVE =
            EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);
    private static final ThreadLocal<Launch> LAUNCH = new ThreadLocal<>();

    /** What the launch on this thread wants told or checked. */
    private record Launch(Consumer<JobExecution> onCreated, Long restartOf) {}

    /** MySQL's and MariaDB's answers to a NOWAIT lock that is taken. */
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private static final int ER_LOCK_NOWAIT = 3572;

    private final ObjectProvider<DataSource> dataSource;

    JobLaunchLock(ObjectProvider<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** A launch's wishes, in force on this thread until closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Until the scope is closed, {@code onCreated} is told the execution a launch on this thread creates, as
     * soon as it is committed (before the job runs): so a caller waiting for its launch never takes another
     * launch's execution for its own.
     */
    public static Scope reporting(Consumer<JobExecution> onCreated) {
        return with(new Launch(onCreated, current().restartOf()));
    }

    /** Until the scope is closed, a launch on this thread is refused unless {@code executionId} is still the last of its instance. */
    static Scope restarting(long executionId) {
        return with(new Launch(current().onCreated(), executionId));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof JobRepository)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.addInterface(JobRepository.class);
        proxy.addAdvice((MethodInterceptor) this::invoke);
        return proxy.getProxy(JobLaunchLock.class.getClassLoader());
    }

    private Object invoke(MethodInvocation invocation) throws Throwable {
        String method = invocation.getMethod().getName();
        Object[] arguments = invocation.getArguments();
        if (method.equals("createJobInstance") && arguments.length > 0 && arguments[0] instanceof String job) {
            return underLock(job, null, invocation);
        }
        if (method.equals("createJobExecution")
                && arguments.length > 0
                && arguments[0] instanceof JobInstance instance) {
            JobRepository repository = (JobRepository) invocation.getThis();
            JobExecution created = (JobExecution)
                    underLock(instance.getJobName(), () -> refuseUnlessFree(repository, instance), invocation);
            current().onCreated().accept(created);
            return created;
        }
        return invocation.proceed();
    }

    /**
     * Proceeds while a transaction of a connection of its own holds the job's lock row: Spring Batch creates
     * (and commits) in transactions of its own, which may not be nested in another. The row is taken without
     * waiting: a launch that finds it taken is racing another launch of the job, and is refused like one that
     * finds it running, so no launch holds a pooled connection waiting for another.
     */
    private Object underLock(String job, Runnable check, MethodInvocation invocation) throws Throwable {
        try (Connection connection = dataSource.getObject().getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                lock(connection, job);
                if (check != null) {
                    check.run();
                }
                Object result = invocation.proceed();
                connection.commit();
                return result;
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback(); // after a commit, releases nothing more; after a failure, the lock
                    connection.setAutoCommit(true);
                }
            }
        }
    }

    private static void lock(Connection connection, String job) throws SQLException {
        try {
            if (!lockRow(connection, job)) {
                // A job added after the migration: its row is made once, then locked like the others.
                try (PreparedStatement insert =
                        connection.prepareStatement("INSERT IGNORE INTO job_launch_lock (job_name) VALUES (?)")) {
                    insert.setString(1, job);
                    insert.executeUpdate();
                }
                lockRow(connection, job);
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT || e.getErrorCode() == ER_LOCK_NOWAIT) {
                throw new LaunchRefusedException(
                        LaunchRefusedException.Reason.ALREADY_RUNNING,
                        job + " is being started by another launch right now; wait for it to end, or stop it");
            }
            throw e;
        }
    }

    private static boolean lockRow(Connection connection, String job) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT job_name FROM job_launch_lock WHERE job_name = ? FOR UPDATE NOWAIT")) {
            select.setString(1, job);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void refuseUnlessFree(JobRepository repository, JobInstance instance) {
        String job = instance.getJobName();
        var live = repository.findRunningJobExecutions(job).stream()
                .filter(e -> LIVE.contains(e.getStatus()))
                .map(e -> "execution " + e.getId() + " (" + e.getStatus() + ")")
                .sorted()
                .toList();
        if (!live.isEmpty()) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.ALREADY_RUNNING,
                    job + " is already running: " + String.join(", ", live)
                            + "; wait for it to end, or stop it with 'stop <id>'");
        }
        JobExecution last = repository.getLastJobExecution(instance);
        Long restartOf = current().restartOf();
        if (restartOf != null && last != null && last.getId() != restartOf) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.NOT_RESTARTABLE,
                    "execution " + restartOf + " was already restarted as execution " + last.getId() + " ("
                            + last.getStatus() + ")");
        }
        if (last != null && (last.getStatus() == BatchStatus.COMPLETED || last.getStatus() == BatchStatus.ABANDONED)) {
            throw new LaunchRefusedException(
                    last.getStatus() == BatchStatus.COMPLETED
                            ? LaunchRefusedException.Reason.ALREADY_COMPLETED
                            : LaunchRefusedException.Reason.NOT_RESTARTABLE,
                    job + " execution " + last.getId() + " of this date and slot is " + last.getStatus()
                            + "; a slot runs once");
        }
    }

    private static Launch current() {
        Launch launch = LAUNCH.get();
        return launch == null ? new Launch(execution -> {}, null) : launch;
    }

    private static Scope with(Launch launch) {
        Launch outer = LAUNCH.get();
        LAUNCH.set(launch);
        return () -> {
            if (outer == null) {
                LAUNCH.remove();
            } else {
                LAUNCH.set(outer);
            }
        };
    }
}
