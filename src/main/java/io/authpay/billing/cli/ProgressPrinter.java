package io.authpay.billing.cli;

import io.authpay.billing.batch.ExecutionFigures;
import io.authpay.billing.charge.RunProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Prints, every interval, where the running execution of a job stands, read from the job repository
 * (the heartbeat stores the progress there): one line rewritten in place on a terminal, a line each
 * otherwise (logs, pipes).
 */
final class ProgressPrinter implements AutoCloseable {

    private final JobRepository repository;
    private final String jobName;
    private final PrintWriter out;
    private final Duration interval;
    private final boolean terminal;
    private final long startedNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean done;
    private boolean printed;

    private ProgressPrinter(JobRepository repository, String jobName, PrintWriter out, Duration interval) {
        this.repository = repository;
        this.jobName = jobName;
        this.out = out;
        this.interval = interval;
        this.terminal = System.console() != null;
        this.thread = new Thread(this::loop, "progress-" + jobName);
        this.thread.setDaemon(true);
    }

    static ProgressPrinter start(JobRepository repository, String jobName, PrintWriter out, Duration interval) {
        ProgressPrinter printer = new ProgressPrinter(repository, jobName, out, interval);
        printer.thread.start();
        return printer;
    }

    private void loop() {
        while (!done) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (done) {
                return;
            }
            try {
                repository.findRunningJobExecutions(jobName).stream()
                        .max(Comparator.comparingLong(JobExecution::getId))
                        .map(ExecutionFigures.Progress::of)
                        .ifPresent(this::print);
            } catch (RuntimeException e) {
                // progress is a courtesy: a failed read must not disturb the run
            }
        }
    }

    private synchronized void print(ExecutionFigures.Progress progress) {
        if (done || progress == null) {
            return;
        }
        String line = line(progress, Duration.ofNanos(System.nanoTime() - startedNanos));
        if (terminal) {
            out.print("\r" + line + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
        printed = true;
    }

    static String line(ExecutionFigures.Progress progress, Duration elapsed) {
        StringBuilder line = new StringBuilder()
                .append(progress.jobName())
                .append(" #")
                .append(progress.executionId())
                .append(' ')
                .append(progress.step())
                .append(String.format(
                        " %02d:%02d:%02d", elapsed.toHours(), elapsed.toMinutesPart(), elapsed.toSecondsPart()));
        RunProgress p = progress.progress();
        if (p != null) {
            line.append(String.format(
                    ": %d attempts, %d charged, TWD %,d, %d in flight",
                    p.attempts(), p.succeeded(), p.amount(), p.inFlight()));
        }
        return line.toString();
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (terminal && printed) {
                out.println();
                out.flush();
            }
        }
    }
}
