package io.authpay.billing.console;

import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.ExecutionFigures;
import io.authpay.billing.batch.ExecutionListing;
import io.authpay.billing.batch.LaunchRefusedException;
import io.authpay.billing.schedule.OperatorJobs;
import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Runs: the executions, filtered; one execution with its steps; run now, stop and restart, each with a reason. */
@Controller
@Profile("serve")
class RunsPage {

    static final List<String> STATUSES =
            List.of("STARTING", "STARTED", "STOPPING", "STOPPED", "COMPLETED", "FAILED", "ABANDONED", "UNKNOWN");

    private final ExecutionListing listing;
    private final BillingJobLauncher launcher;
    private final OperatorJobs jobs;
    private final Notices notices;

    RunsPage(ExecutionListing listing, BillingJobLauncher launcher, OperatorJobs jobs, Notices notices) {
        this.listing = listing;
        this.launcher = launcher;
        this.jobs = jobs;
        this.notices = notices;
    }

    @GetMapping("/runs")
    String runs(
            @RequestParam(required = false) String job, @RequestParam(required = false) String status, Model model) {
        String onlyJob = job != null && BillingJobs.isKnown(job) ? job : null;
        String onlyStatus = status != null && STATUSES.contains(status) ? status : null;
        model.addAttribute(
                "runs",
                listing.recent(onlyJob, 500).stream()
                        .filter(row -> onlyStatus == null || onlyStatus.equals(row.status()))
                        .limit(ConsoleReads.PAGE)
                        .toList());
        model.addAttribute("jobs", BillingJobs.NAMES);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("job", onlyJob);
        model.addAttribute("status", onlyStatus);
        return "runs";
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable long id, Model model, RedirectAttributes flash) {
        JobExecution execution;
        try {
            execution = launcher.execution(id);
        } catch (LaunchRefusedException e) {
            notices.refuseInput(flash, "runs.unknown");
            return "redirect:/runs";
        }
        model.addAttribute("execution", execution);
        model.addAttribute("figures", ExecutionFigures.of(execution));
        model.addAttribute("live", TodayPage.LIVE.contains(execution.getStatus().name()));
        model.addAttribute(
                "steps",
                execution.getStepExecutions().stream()
                        .sorted(Comparator.comparingLong(StepExecution::getId))
                        .toList());
        return "run";
    }

    @PostMapping("/runs")
    String runNow(
            @RequestParam String job,
            @RequestParam(required = false) String reason,
            Principal operator,
            RedirectAttributes flash) {
        String why = Notices.reason(reason);
        if (why == null) {
            notices.refuseInput(flash, "reason.needed");
            return "redirect:/runs";
        }
        JobExecution started =
                notices.perform(flash, () -> jobs.run(job, null, operator.getName(), why), "runs.startedRun", job);
        return started == null ? "redirect:/runs" : "redirect:/runs/" + started.getId();
    }

    @PostMapping("/runs/{id}/stop")
    String stop(
            @PathVariable long id,
            @RequestParam(required = false) String reason,
            Principal operator,
            RedirectAttributes flash) {
        String why = Notices.reason(reason);
        if (why == null) {
            notices.refuseInput(flash, "reason.needed");
        } else {
            notices.perform(flash, () -> jobs.stop(id, operator.getName(), why), "runs.stopping", id);
        }
        return "redirect:/runs/" + id;
    }

    @PostMapping("/runs/{id}/restart")
    String restart(
            @PathVariable long id,
            @RequestParam(required = false) String reason,
            Principal operator,
            RedirectAttributes flash) {
        String why = Notices.reason(reason);
        if (why == null) {
            notices.refuseInput(flash, "reason.needed");
            return "redirect:/runs/" + id;
        }
        JobExecution again =
                notices.perform(flash, () -> jobs.restart(id, operator.getName(), why), "runs.restarted", id);
        return "redirect:/runs/" + (again == null ? id : again.getId());
    }
}
