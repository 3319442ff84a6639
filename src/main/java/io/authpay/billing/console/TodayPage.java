package io.authpay.billing.console;

import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.ExecutionFigures;
import io.authpay.billing.batch.ExecutionListing;
import io.authpay.billing.charge.BillingWindow;
import io.authpay.billing.charge.RunProgress;
import io.authpay.billing.schedule.Schedules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Today: is the window open, what runs now (its progress refreshed every second), the due backlog, the
 * breaker, what was paid today, the last runs, and a banner for what needs a person.
 */
@Controller
@Profile("serve")
class TodayPage {

    static final Set<String> LIVE = Set.of("STARTING", "STARTED", "STOPPING");

    private final ExecutionListing listing;
    private final BillingJobLauncher launcher;
    private final ConsoleReads reads;
    private final Schedules schedules;
    private final BillingWindow window;
    private final MeterRegistry meters;
    private final Clock clock;

    TodayPage(
            ExecutionListing listing,
            BillingJobLauncher launcher,
            ConsoleReads reads,
            Schedules schedules,
            BillingWindow window,
            MeterRegistry meters,
            Clock clock) {
        this.listing = listing;
        this.launcher = launcher;
        this.reads = reads;
        this.schedules = schedules;
        this.window = window;
        this.meters = meters;
        this.clock = clock;
    }

    /** A running execution and where it stands (its figures null before its first report). */
    record Running(
            long executionId,
            String job,
            LocalDate date,
            String status,
            String step,
            Integer attempts,
            Integer succeeded,
            Long amount,
            Integer inFlight) {}

    /** Whether the window is open, and when it closes or next opens. */
    record WindowState(boolean open, Instant closesAt, Instant opensAt, Duration left) {}

    @GetMapping("/")
    String today(Model model) {
        live(model);
        List<ExecutionListing.Row> last = listing.recent(null, 8);
        model.addAttribute("lastRuns", last);
        long needsReview = reads.needsReviewCount();
        model.addAttribute("needsReview", needsReview);
        model.addAttribute(
                "failedRuns",
                last.stream().filter(r -> "FAILED".equals(r.status())).toList());
        model.addAttribute(
                "pausedSchedules",
                schedules.list().stream()
                        .filter(s -> "PAUSED".equals(s.state()))
                        .map(Schedules.View::name)
                        .toList());
        return "today";
    }

    /** The figures that move (window, paid, backlog, breaker, running executions), for the page to refresh. */
    @GetMapping("/today/live")
    String liveOnly(Model model) {
        live(model);
        return "today :: live";
    }

    private void live(Model model) {
        Instant now = clock.instant();
        boolean open = window.contains(now);
        model.addAttribute(
                "window",
                new WindowState(
                        open,
                        open ? window.closesAt(now) : null,
                        open ? null : window.openingAfter(now),
                        open ? Duration.between(now, window.closesAt(now)) : null));
        model.addAttribute("today", reads.today());
        model.addAttribute("paid", reads.paidOn(reads.today()));
        model.addAttribute("backlog", gauge("billing.charges.due.backlog"));
        model.addAttribute("breakerTrips", counter("billing.circuit.breaker.trips"));
        model.addAttribute("running", running());
    }

    private List<Running> running() {
        return listing.recent(null, 20).stream()
                .filter(row -> LIVE.contains(row.status()))
                .map(row -> {
                    ExecutionFigures.Progress p = ExecutionFigures.Progress.of(launcher.execution(row.executionId()));
                    RunProgress r = p == null ? null : p.progress();
                    return new Running(
                            row.executionId(),
                            row.job(),
                            row.date(),
                            row.status(),
                            p == null ? null : p.step(),
                            r == null ? null : r.attempts(),
                            r == null ? null : r.succeeded(),
                            r == null ? null : r.amount(),
                            r == null ? null : r.inFlight());
                })
                .toList();
    }

    private Long gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        if (gauge == null || Double.isNaN(gauge.value())) {
            return null;
        }
        return (long) gauge.value();
    }

    private long counter(String name) {
        return (long) meters.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
