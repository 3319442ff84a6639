package io.authpay.billing.console;

import io.authpay.billing.batch.LaunchRefusedException;
import io.authpay.billing.charge.ChargeActionRefusedException;
import io.authpay.billing.refund.RefundService;
import io.authpay.billing.schedule.ScheduleRefusedException;
import io.authpay.billing.subscription.SubscriptionService;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Profile;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Carries what became of an action to the page shown after it (post, redirect, get): a notice when it was
 * done, a refusal naming why when a service refused it (nothing changed then).
 */
@Component
@Profile("serve")
class Notices {

    static final int REASON_LENGTH = 1000;

    private final MessageSource messages;

    Notices(MessageSource messages) {
        this.messages = messages;
    }

    /** An operator's reason, which actions that change something need; null when missing or too long. */
    static String reason(String reason) {
        return reason == null || reason.isBlank() || reason.length() > REASON_LENGTH ? null : reason.strip();
    }

    /** Runs an action; flashes the notice {@code doneKey} when it worked, the refusal when it was refused. */
    <T> T perform(RedirectAttributes flash, Supplier<T> action, String doneKey, Object... args) {
        try {
            T result = action.get();
            flash.addFlashAttribute("notice", text(doneKey, args));
            return result;
        } catch (LaunchRefusedException e) {
            refuse(flash, e.reason().name(), e.getMessage());
        } catch (ChargeActionRefusedException e) {
            refuse(flash, e.reason().name(), e.getMessage());
        } catch (ScheduleRefusedException e) {
            refuse(flash, e.reason().name(), e.getMessage());
        } catch (RefundService.RefundRefused e) {
            refuse(flash, "REFUND", e.getMessage());
        } catch (SubscriptionService.Refused e) {
            refuse(flash, "subscription." + e.code(), e.getMessage());
        }
        return null;
    }

    /** Flashes a refusal found before any service was asked (a missing reason...). */
    void refuseInput(RedirectAttributes flash, String key) {
        flash.addFlashAttribute("refusal", text(key));
    }

    private void refuse(RedirectAttributes flash, String reason, String detail) {
        String headline = messages.getMessage("refused." + reason, null, null, locale());
        flash.addFlashAttribute(
                "refusal", text("refused") + " " + (headline == null ? detail : headline + " (" + detail + ")"));
    }

    String text(String key, Object... args) {
        return messages.getMessage(key, args, key, locale());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
