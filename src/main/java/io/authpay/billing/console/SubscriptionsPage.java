package io.authpay.billing.console;

import io.authpay.billing.subscription.Subscriptions;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Subscriptions: search by external id, auth_no or plan; one subscription with its charges. */
@Controller
@Profile("serve")
class SubscriptionsPage {

    private final Subscriptions subscriptions;
    private final ConsoleReads reads;
    private final Notices notices;

    SubscriptionsPage(Subscriptions subscriptions, ConsoleReads reads, Notices notices) {
        this.subscriptions = subscriptions;
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
}
