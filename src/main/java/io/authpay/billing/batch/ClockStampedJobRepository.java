package io.authpay.billing.batch;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The job repository, with the START and END times of executions and steps taken from the program's {@link
 * Clock}, so that {@code executions}, the API and the demo show the same time as everything else (a simulated
 * day included). Spring Batch 6 has no hook for a clock: it stamps with {@code LocalDateTime.now()}. So every
 * call goes through here, which remembers the times each execution had when last read or saved; a time that
 * differs when the execution is saved again was just set by Spring Batch from the wall clock, and is replaced
 * by the program clock's reading before it is saved (stored as {@link BatchTime} reads it back).
 *
 * <p>{@code CREATE_TIME} and {@code LAST_UPDATED} stay Spring Batch's own wall-clock bookkeeping: the heartbeat
 * that tells a live run from a dead one ({@link StaleExecutionRecovery}) is measured on the wall clock.
 */
final class ClockStampedJobRepository implements InvocationHandler {

    /** Executions whose times are remembered; old ones fall out (a run is saved again within minutes). */
    private static final int REMEMBERED = 10_000;

    private final JobRepository target;
    private final Clock clock;
    private final Map<String, Times> saved = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Times> eldest) {
            return size() > REMEMBERED;
        }
    });

    private record Times(LocalDateTime start, LocalDateTime end) {}

    private ClockStampedJobRepository(JobRepository target, Clock clock) {
        this.target = target;
        this.clock = clock;
    }

    static JobRepository wrap(JobRepository target, Clock clock) {
        if (Proxy.isProxyClass(target.getClass())
                && Proxy.getInvocationHandler(target) instanceof ClockStampedJobRepository) {
            return target;
        }
        return (JobRepository) Proxy.newProxyInstance(
                JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class},
                new ClockStampedJobRepository(target, clock));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "ClockStamped(" + target + ")";
            };
        }
        if (method.getName().equals("update") && args != null && args.length == 1) {
            restamp(args[0]);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (args != null) {
            for (Object arg : args) {
                remember(arg);
            }
        }
        remember(result);
        return result;
    }

    /** Replaces the times Spring Batch set since the execution was last read or saved. */
    private void restamp(Object execution) {
        LocalDateTime now = null;
        if (execution instanceof JobExecution job) {
            Times before = saved.getOrDefault(key(job), new Times(null, null));
            if (job.getStartTime() != null && !Objects.equals(job.getStartTime(), before.start())) {
                job.setStartTime(now = now());
            }
            if (job.getEndTime() != null && !Objects.equals(job.getEndTime(), before.end())) {
                job.setEndTime(now == null ? now() : now);
            }
        } else if (execution instanceof StepExecution step) {
            Times before = saved.getOrDefault(key(step), new Times(null, null));
            if (step.getStartTime() != null && !Objects.equals(step.getStartTime(), before.start())) {
                step.setStartTime(now = now());
            }
            if (step.getEndTime() != null && !Objects.equals(step.getEndTime(), before.end())) {
                step.setEndTime(now == null ? now() : now);
            }
        }
    }

    private void remember(Object value) {
        if (value instanceof JobExecution job) {
            saved.put(key(job), new Times(job.getStartTime(), job.getEndTime()));
            job.getStepExecutions().forEach(this::remember);
        } else if (value instanceof StepExecution step) {
            saved.put(key(step), new Times(step.getStartTime(), step.getEndTime()));
        } else if (value instanceof Collection<?> values) {
            values.forEach(this::remember);
        }
    }

    private LocalDateTime now() {
        return BatchTime.stamp(clock.instant());
    }

    private static String key(JobExecution job) {
        return "job-" + job.getId();
    }

    private static String key(StepExecution step) {
        return "step-" + step.getId();
    }
}
