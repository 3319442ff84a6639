package io.authpay.billing.console;

import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Audit: who did what, when and why, newest first, filtered by operator, action or target. */
@Controller
@Profile("serve")
class AuditPage {

    private final ConsoleReads reads;

    AuditPage(ConsoleReads reads) {
        this.reads = reads;
    }

    @GetMapping("/audit")
    String audit(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String target,
            Model model) {
        ConsoleReads.AuditFilter filter =
                new ConsoleReads.AuditFilter(blankless(actor), blankless(action), blankless(target));
        List<ConsoleReads.AuditLine> events = reads.audit(filter);
        model.addAttribute("filter", filter);
        model.addAttribute("events", events);
        model.addAttribute("actions", reads.auditActions());
        return "audit";
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
