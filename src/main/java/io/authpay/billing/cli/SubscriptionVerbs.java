package io.authpay.billing.cli;

import io.authpay.billing.report.TextTable;
import io.authpay.billing.subscription.SubscriptionService;
import io.authpay.billing.system.AuditLog;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code subscriptions create|show|pause|resume|cancel}: the API's verbs on the command line, through the
 * same {@link SubscriptionService}. A refusal is one line on stderr: exit 2 for bad input or an unknown
 * subscription, 1 for a state that forbids it.
 */
final class SubscriptionVerbs {

    private SubscriptionVerbs() {}

    /** Runs one verb, turning a refusal into its line and exit code. */
    private abstract static class Verb extends ApplicationCommand {
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
        OutputFormat format;

        abstract SubscriptionService.View apply(SubscriptionService service);

        @Override
        protected int call(ConfigurableApplicationContext context) {
            SubscriptionService.View view;
            try {
                view = apply(context.getBean(SubscriptionService.class));
            } catch (SubscriptionService.Refused e) {
                err().println("error: " + e.getMessage());
                return e.kind() == SubscriptionService.Refused.Kind.CONFLICT ? ExitCodes.FAILED : ExitCodes.BAD_INPUT;
            }
            print(view);
            return ExitCodes.OK;
        }

        void print(SubscriptionService.View s) {
            if (format == OutputFormat.json) {
                out().println(Json.write(s));
                return;
            }
            out().printf(
                            "%s  %s  %d %s every %s  next %s  %s%s  \"%s\"%n",
                            s.externalId(),
                            s.authNo(),
                            s.amount(),
                            s.currency(),
                            s.period(),
                            s.nextBillingDate(),
                            s.status(),
                            s.cancelAt() == null ? "" : " (cancels on " + s.cancelAt() + ")",
                            s.tradeName());
            if (s.charges() != null && !s.charges().isEmpty()) {
                TextTable table =
                        new TextTable("CHARGE", "PERIOD", "BILLING_DATE", "AMOUNT", "STATUS", "ATTEMPTS", "CODE");
                s.charges()
                        .forEach(c -> table.row(
                                c.id(),
                                c.periodKey(),
                                c.billingDate(),
                                c.amount(),
                                c.status(),
                                c.attempts(),
                                c.lastResultCode() == null ? "" : c.lastResultCode()));
                out().print(table.render());
            }
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create one subscription, checked as a CSV row is (exit 2 naming the field).",
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions create --external-id sub-1001 --auth-no 650660555924205568"
                    + " --amount 499 --period MONTH --anchor-date 2026-12-01 --trade-name \"Gold plan\"")
    static final class Create extends Verb {
        @Option(names = "--external-id", required = true)
        String externalId;

        @Option(names = "--auth-no", required = true)
        String authNo;

        @Option(names = "--amount", required = true, description = "whole TWD")
        String amount;

        @Option(names = "--currency", defaultValue = "TWD", description = "TWD only (default: ${DEFAULT-VALUE})")
        String currency;

        @Option(names = "--period", required = true, description = "WEEK, MONTH, QUARTER or YEAR")
        String period;

        @Option(names = "--anchor-date", required = true, paramLabel = "yyyy-MM-dd")
        String anchorDate;

        @Option(names = "--trade-name", required = true, description = "what the customer sees; at most 30 characters")
        String tradeName;

        @Option(names = "--next-billing-date", paramLabel = "yyyy-MM-dd")
        String nextBillingDate;

        @Override
        SubscriptionService.View apply(SubscriptionService service) {
            return service.create(
                            new SubscriptionService.Create(
                                    externalId,
                                    authNo,
                                    amount,
                                    currency,
                                    period,
                                    anchorDate,
                                    tradeName,
                                    nextBillingDate),
                            null,
                            null,
                            AuditLog.commandLineActor())
                    .subscription();
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show one subscription and its charges.",
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions show sub-1001 --format json")
    static final class Show extends Verb {
        @Parameters(paramLabel = "EXTERNAL_ID")
        String externalId;

        @Override
        SubscriptionService.View apply(SubscriptionService service) {
            return service.find(externalId).orElseThrow(() -> SubscriptionService.Refused.notFound(externalId));
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause an ACTIVE or PAST_DUE subscription: nothing is charged until it is resumed.",
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions pause sub-1001")
    static final class Pause extends Verb {
        @Parameters(paramLabel = "EXTERNAL_ID")
        String externalId;

        @Override
        SubscriptionService.View apply(SubscriptionService service) {
            return service.pause(externalId, AuditLog.commandLineActor());
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a PAUSED subscription.",
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions resume sub-1001")
    static final class Resume extends Verb {
        @Parameters(paramLabel = "EXTERNAL_ID")
        String externalId;

        @Override
        SubscriptionService.View apply(SubscriptionService service) {
            return service.resume(externalId, AuditLog.commandLineActor());
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = {
                "Cancel a subscription at the end of the period paid for (default), or --now: its open charges"
                        + " are cancelled too."
            },
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing subscriptions cancel sub-1001 --now --reason \"customer left\"")
    static final class Cancel extends Verb {
        @Parameters(paramLabel = "EXTERNAL_ID")
        String externalId;

        @Option(names = "--now", description = "cancel now instead of at the period's end")
        boolean now;

        @Option(names = "--reason", description = "why (audit log, and the subscription.canceled event)")
        String reason;

        @Override
        SubscriptionService.View apply(SubscriptionService service) {
            return service.cancel(externalId, now, reason, AuditLog.commandLineActor());
        }
    }
}
