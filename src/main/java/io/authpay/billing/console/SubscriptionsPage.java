package io.authpay.billing.console;

import io.authpay.billing.subscription.SubscriptionService;
import io.authpay.billing.subscription.Subscriptions;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Subscriptions: search by external id, auth_no or plan; one subscription with its charges; pause and resume
 * it, with a reason, through the service the API and the command line use (same audit rows).
 */
@Controller
@Profile("serve")
class SubscriptionsPage {

    private final Subscriptions subscriptions;
    private final SubscriptionService service;
    private final ConsoleReads reads;
    private final Notices notices;

    SubscriptionsPage(Subscriptions subscriptions, SubscriptionService service, ConsoleReads reads, Notices notices) {
        this.subscriptions = subscriptions;
        this.service = service;
        this.reads = reads;
        this.notices = notices;
    }

    @GetMapping("/subscriptions")
    String search(@RequestParam(required = false) String q, Model model) {
        String term = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        List<Subscriptions.View> found = subscriptions.all().stream()
                .filter(s -> term.isEmpty()
                        || s.externalId().toLowerCase(Locale.ROOT).contains(term)
                        || s.authNo().toLowerCase(Locale.ROOT).contains(term)
                        || s.tradeName().toLowerCase(Locale.ROOT).contains(term))
                .limit(ConsoleReads.PAGE)
                .toList();
        model.addAttribute("q", q);
        model.addAttribute("subscriptions", found);
        return "subscriptions";
    }

    @GetMapping("/subscriptions/{externalId}")
    String subscription(@PathVariable String externalId, Model model, RedirectAttributes flash) {
        Subscriptions.View found = subscriptions.all().stream()
                .filter(s -> s.externalId().equals(externalId))
                .findFirst()
                .orElse(null);
        if (found == null) {
            notices.refuseInput(flash, "subscriptions.unknown");
            return "redirect:/subscriptions";
        }
        model.addAttribute("subscription", found);
        model.addAttribute("charges", reads.charges(new ConsoleReads.ChargeFilter(null, null, null, externalId)));
        return "subscription";
    }

    @PostMapping("/subscriptions/{externalId}/{action:pause|resume}")
    String change(
            @PathVariable String externalId,
            @PathVariable String action,
            @RequestParam(required = false) String reason,
            Principal operator,
            RedirectAttributes flash) {
        String why = Notices.reason(reason);
        if (why == null) {
            notices.refuseInput(flash, "reason.needed");
        } else if (action.equals("pause")) {
            notices.perform(
                    flash,
                    () -> service.pause(externalId, why, operator.getName()),
                    "subscriptions.paused",
                    externalId);
        } else {
            notices.perform(
                    flash,
                    () -> service.resume(externalId, why, operator.getName()),
                    "subscriptions.resumed",
                    externalId);
        }
        return "redirect:/subscriptions/" + UriUtils.encodePathSegment(externalId, StandardCharsets.UTF_8);
    }
}
