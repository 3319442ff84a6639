package io.authpay.billing.cli;

import io.authpay.billing.refund.RefundService;
import io.authpay.billing.system.AuditLog;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "refund",
        mixinStandardHelpOptions = true,
        description = {
            "Refund (part of) a paid order.",
            "A refund whose answer was lost is UNKNOWN: run the same command with its --refund-order-id: it is"
                    + " settled by inquiry of the order's refund history, and sent again (same id) only if JKoPay"
                    + " has no such refund."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing refund ab1-1042-1 --amount 100")
final class RefundCommand extends ApplicationCommand {
    @Parameters(paramLabel = "PLATFORM_ORDER_ID")
    String platformOrderId;

    @Option(names = "--amount", required = true, description = "whole TWD to refund")
    long amount;

    @Option(names = "--refund-order-id", description = "the refund's id, used once (default: <order>-r<random>)")
    String refundOrderId;

    @Override
    protected int call(ConfigurableApplicationContext context) {
        RefundService.Outcome outcome;
        try {
            outcome = context.getBean(RefundService.class)
                    .refund(platformOrderId, amount, refundOrderId, AuditLog.commandLineActor());
        } catch (RefundService.RefundRefused e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
        }
        switch (outcome.status()) {
            case "SUCCEEDED" -> {
                var receipt = outcome.result().successValue().orElseThrow();
                out().printf(
                                "refunded %d TWD of %s: refund_order_id %s, refund_tradeNo %s (debit %d, redeem %d)%n",
                                receipt.amount(),
                                platformOrderId,
                                outcome.refundOrderId(),
                                receipt.refundTradeNo(),
                                receipt.debitAmount(),
                                receipt.redeemAmount());
                return ExitCodes.OK;
            }
            case "UNKNOWN" -> {
                err().printf(
                                "error: the outcome of refund %s is unknown (%s); ask again with:%n"
                                        + "  refund %s --amount %d --refund-order-id %s%n",
                                outcome.refundOrderId(),
                                outcome.result().describe(),
                                platformOrderId,
                                amount,
                                outcome.refundOrderId());
                return ExitCodes.FAILED;
            }
            default -> {
                return GatewayCommands.failed(err(), "refund " + outcome.refundOrderId(), outcome.result());
            }
        }
    }
}
