package io.authpay.billing.console;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.InquiryItem;
import io.authpay.billing.charge.ChargeStatus;
import io.authpay.billing.charge.OperatorCharges;
import io.authpay.billing.refund.RefundService;
import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Charges: filtered lists, the NEEDS_REVIEW queue with Resolve, one charge with its attempts, Ask JKoPay
 * (inquiry, which changes nothing) and Refund of a paid charge, through the services the API and the
 * command line use.
 */
@Controller
@Profile("serve")
class ChargesPage {

    private final ConsoleReads reads;
    private final OperatorCharges charges;
    private final RefundService refunds;
    private final ObjectProvider<AuthPayClient> gateway;
    private final Notices notices;

    ChargesPage(
            ConsoleReads reads,
            OperatorCharges charges,
            RefundService refunds,
            ObjectProvider<AuthPayClient> gateway,
            Notices notices) {
        this.reads = reads;
        this.charges = charges;
        this.refunds = refunds;
        this.gateway = gateway;
        this.notices = notices;
    }

    @GetMapping("/charges")
    String list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String authNo,
            @RequestParam(required = false) String subscription,
            Model model) {
        String onlyStatus = Arrays.stream(ChargeStatus.values())
                .map(Enum::name)
                .filter(s -> s.equals(status))
                .findFirst()
                .orElse(null);
        LocalDate day = null;
        if (date != null && !date.isBlank()) {
            try {
                day = LocalDate.parse(date.strip());
            } catch (DateTimeParseException e) {
                model.addAttribute("refusal", notices.text("charges.badDate", date));
            }
        }
        ConsoleReads.ChargeFilter filter =
                new ConsoleReads.ChargeFilter(onlyStatus, day, blankless(authNo), blankless(subscription));
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", Arrays.asList(ChargeStatus.values()));
        model.addAttribute("queue", reads.needsReview());
        model.addAttribute("charges", reads.charges(filter));
        return "charges";
    }

    @GetMapping("/charges/{id}")
    String charge(@PathVariable long id, Model model, RedirectAttributes flash) {
        OperatorCharges.ChargeView charge = charges.find(id).orElse(null);
        if (charge == null) {
            notices.refuseInput(flash, "charges.unknown");
            return "redirect:/charges";
        }
        List<ConsoleReads.AttemptLine> attempts = reads.attempts(id);
        model.addAttribute("charge", charge);
        model.addAttribute("attempts", attempts);
        model.addAttribute(
                "refundable",
                attempts.stream()
                        .filter(a -> a.paid() != null)
                        .findFirst()
                        .map(a -> reads.refundable(a.platformOrderId()))
                        .orElse(null));
        return "charge";
    }

    @PostMapping("/charges/{id}/resolve")
    String resolve(
            @PathVariable long id,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String back,
            Principal operator,
            RedirectAttributes flash) {
        String why = Notices.reason(reason);
        OperatorCharges.Resolution resolution = "cancel".equals(outcome)
                ? OperatorCharges.Resolution.CANCEL
                : "retry".equals(outcome) ? OperatorCharges.Resolution.RETRY : null;
        if (resolution == null) {
            notices.refuseInput(flash, "resolve.outcomeNeeded");
        } else if (why == null) {
            notices.refuseInput(flash, "reason.needed");
        } else {
            notices.perform(
                    flash,
                    () -> charges.resolve(id, resolution, operator.getName(), why),
                    "charges.resolved." + resolution.name().toLowerCase(Locale.ROOT),
                    id);
        }
        return "charge".equals(back) ? "redirect:/charges/" + id : "redirect:/charges";
    }

    /** Asks JKoPay about the charge's orders (inquiry): shows its answer, changes nothing. */
    @PostMapping("/charges/{id}/inquiry")
    String inquiry(@PathVariable long id, Model model) {
        List<String> orders = reads.attempts(id).stream()
                .map(ConsoleReads.AttemptLine::platformOrderId)
                .toList();
        model.addAttribute("asked", !orders.isEmpty());
        if (!orders.isEmpty()) {
            List<String> last =
                    orders.subList(Math.max(0, orders.size() - AuthPayClient.MAX_IDS_PER_INQUIRY), orders.size());
            GatewayResult<List<InquiryItem>> answer = gateway.getObject().inquiry(last);
            model.addAttribute("answered", answer.successValue().isPresent());
            model.addAttribute("items", answer.successValue().orElse(List.of()));
            model.addAttribute("problem", answer.describe());
        }
        return "charge :: inquiry";
    }

    @PostMapping("/charges/{id}/refund")
    String refund(
            @PathVariable long id,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) String reason,
            Principal operator,
            RedirectAttributes flash) {
        String why = Notices.reason(reason);
        long twd;
        try {
            twd = Long.parseLong(amount == null ? "" : amount.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            notices.refuseInput(flash, "refund.badAmount");
            return "redirect:/charges/" + id;
        }
        if (why == null) {
            notices.refuseInput(flash, "reason.needed");
            return "redirect:/charges/" + id;
        }
        String order = reads.attempts(id).stream()
                .filter(a -> a.paid() != null)
                .map(ConsoleReads.AttemptLine::platformOrderId)
                .findFirst()
                .orElse(null);
        if (order == null) {
            notices.refuseInput(flash, "refund.notPaid");
            return "redirect:/charges/" + id;
        }
        RefundService.Outcome done = notices.perform(
                flash, () -> refunds.refund(order, twd, null, operator.getName(), why), "refund.sent", twd);
        if (done != null && !"SUCCEEDED".equals(done.status())) {
            flash.addFlashAttribute("notice", null);
            flash.addFlashAttribute(
                    "refusal",
                    notices.text("refund.notDone", done.status(), done.result().describe()));
        }
        return "redirect:/charges/" + id;
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
