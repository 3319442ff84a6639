package io.authpay.billing.cli;

import io.authpay.billing.authpay.BillingPeriod;
import io.authpay.billing.authpay.BindingDetail;
import io.authpay.billing.authpay.BindingLink;
import io.authpay.billing.authpay.CreateBindingRequest;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.subscription.SubscriptionService;
import io.authpay.billing.system.AuditLog;
import java.util.Locale;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "bindings",
        mixinStandardHelpOptions = true,
        description = "Create, inspect and cancel AuthPay bindings (a customer's authorization).",
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing bindings detail 650660555924205568",
        subcommands = {BindingsCommand.Create.class, BindingsCommand.Detail.class, BindingsCommand.Cancel.class})
final class BindingsCommand extends CommandGroup {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Ask JKoPay for a binding link (limited binding) and store it, ungranted.",
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing bindings create --name \"Gold plan\" --amount 499"
                    + " --result-url https://example.com/callback")
    static final class Create extends ApplicationCommand {
        @Option(names = "--name", required = true, description = "shown to the customer (at most 60 characters)")
        String name;

        @Option(names = "--amount", required = true, description = "approved amount per charge, whole TWD")
        long amount;

        @Option(
                names = "--period",
                defaultValue = "month",
                description = "week, month, quarter or year (default: ${DEFAULT-VALUE})")
        String period;

        @Option(
                names = "--times",
                defaultValue = "1",
                description = "charges allowed per period (default: ${DEFAULT-VALUE})")
        int times;

        @Option(names = "--result-url", required = true, description = "where JKoPay posts the binding result")
        String resultUrl;

        @Option(names = "--platform-authpay-id", description = "your own unique id for the binding")
        String platformAuthpayId;

        @Option(
                names = "--subscription",
                paramLabel = "EXTERNAL_ID",
                description = "also store this subscription (of --amount every --period), PENDING until JKoPay's"
                        + " callback confirms the binding granted")
        String subscription;

        @Option(names = "--trade-name", description = "the pending subscription's trade name (default: --name)")
        String tradeName;

        @Option(
                names = "--anchor-date",
                paramLabel = "yyyy-MM-dd",
                description = "the pending subscription's first billing date (required with --subscription)")
        String anchorDate;

        @Override
        public Integer call() throws Exception {
            this.request = request(); // bad options fail before the database starts
            if (subscription != null) {
                try {
                    SubscriptionService.check(pending(null));
                } catch (SubscriptionService.Refused e) {
                    throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
                }
            } else if (tradeName != null || anchorDate != null) {
                throw new CliException(ExitCodes.BAD_INPUT, "--trade-name and --anchor-date go with --subscription");
            }
            return super.call();
        }

        private CreateBindingRequest request;

        private SubscriptionService.Create pending(String authNo) {
            return new SubscriptionService.Create(
                    subscription,
                    authNo,
                    Long.toString(amount),
                    "TWD",
                    period.toUpperCase(Locale.ROOT),
                    anchorDate,
                    tradeName != null ? tradeName : name,
                    null);
        }

        private CreateBindingRequest request() {
            BillingPeriod cycle = BillingPeriod.fromWire(period.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new CliException(
                            ExitCodes.BAD_INPUT, "--period must be week, month, quarter or year, not " + period));
            try {
                return new CreateBindingRequest(name, platformAuthpayId, amount, cycle, times, resultUrl, null);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
            }
        }

        @Override
        protected int call(ConfigurableApplicationContext context) {
            GatewayResult<BindingLink> result =
                    context.getBean(BindingService.class).create(request);
            if (result.successValue().isEmpty()) {
                return GatewayCommands.failed(err(), "creating the binding", result);
            }
            BindingLink link = result.successValue().get();
            out().println("auth_no:     " + link.authNo());
            out().println("authpay_url: " + link.authpayUrl());
            if (link.qrImg() != null) {
                out().println("qr_img:      " + link.qrImg());
            }
            if (link.qrTimeout() != null) {
                out().println("expires:     " + link.qrTimeout());
            }
            if (subscription != null) {
                context.getBean(SubscriptionService.class)
                        .createPending(pending(link.authNo()), AuditLog.commandLineActor());
                out().println("subscription " + subscription + " is PENDING until the binding is granted");
            }
            out().println("Send the customer to authpay_url; the binding is ungranted until they approve.");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "detail",
            mixinStandardHelpOptions = true,
            description = "Ask JKoPay for a binding's state and store it.",
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing bindings detail 650660555924205568")
    static final class Detail extends ApplicationCommand {
        @Parameters(paramLabel = "AUTH_NO")
        String authNo;

        @Override
        protected int call(ConfigurableApplicationContext context) {
            GatewayResult<BindingDetail> result =
                    context.getBean(BindingService.class).refresh(authNo);
            if (result.successValue().isEmpty()) {
                return GatewayCommands.failed(err(), "detail of " + authNo, result);
            }
            BindingDetail d = result.successValue().get();
            out().println("auth_no:             " + d.authNo());
            out().println("status:              " + d.rawStatus());
            out().println("type:                " + d.type());
            out().println("platform_authpay_id: " + d.platformAuthpayId());
            out().println("jkos_account:        " + d.jkosAccount());
            out().println("billing_amount:      " + d.billingAmount() + " "
                    + (d.billingCurrency() == null ? "" : d.billingCurrency()));
            out().println("billing_cycle:       "
                    + (d.billingCycle() == null
                            ? ""
                            : d.billingCycle().times() + " per "
                                    + d.billingCycle().period().wireValue()));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel a binding at JKoPay; no further charges on it.",
            footerHeading = "%nExample:%n",
            footer = "  authpay-billing bindings cancel 650660555924205568 --reason \"customer asked\"")
    static final class Cancel extends ApplicationCommand {
        @Parameters(paramLabel = "AUTH_NO")
        String authNo;

        @Option(names = "--reason", description = "why, for the audit trail")
        String reason;

        @Override
        protected int call(ConfigurableApplicationContext context) {
            GatewayResult<Void> result =
                    context.getBean(BindingService.class).cancel(authNo, AuditLog.commandLineActor(), reason);
            if (result.succeeded()) {
                out().println("cancelled " + authNo);
                return ExitCodes.OK;
            }
            if ("302".equals(result.code())) {
                out().println(authNo + " was already cancelled");
                return ExitCodes.OK;
            }
            return GatewayCommands.failed(err(), "cancelling " + authNo, result);
        }
    }
}
