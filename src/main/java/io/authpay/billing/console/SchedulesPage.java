package io.authpay.billing.console;

import io.authpay.billing.schedule.Schedules;
import java.security.Principal;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Schedules: each with its cron, state and next fire time; pause and resume, with a reason. */
@Controller
@Profile("serve")
class SchedulesPage {

    private final Schedules schedules;
    private final Notices notices;

    SchedulesPage(Schedules schedules, Notices notices) {
        this.schedules = schedules;
        this.notices = notices;
    }

    @GetMapping("/schedules")
    String list(Model model) {
        model.addAttribute("schedules", schedules.list());
        return "schedules";
    }

    @PostMapping("/schedules/{name}/{action:pause|resume}")
    String change(
            @PathVariable String name,
            @PathVariable String action,
            @RequestParam(required = false) String reason,
            Principal operator,
            RedirectAttributes flash) {
        String why = Notices.reason(reason);
        if (why == null) {
            notices.refuseInput(flash, "reason.needed");
        } else if (action.equals("pause")) {
            notices.perform(flash, () -> schedules.pause(name, operator.getName(), why), "schedules.paused", name);
        } else {
            notices.perform(flash, () -> schedules.resume(name, operator.getName(), why), "schedules.resumed", name);
        }
        return "redirect:/schedules";
    }
}
