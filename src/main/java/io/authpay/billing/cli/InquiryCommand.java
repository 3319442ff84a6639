package io.authpay.billing.cli;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.InquiryItem;
import io.authpay.billing.authpay.Transaction;
import io.authpay.billing.report.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "inquiry",
        mixinStandardHelpOptions = true,
        description = {
            "Ask JKoPay what happened to orders; changes nothing.",
            "Any number of orders, sent 20 at a time."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing inquiry ab1-1042-1 ab1-1042-2 --format json")
final class InquiryCommand extends ApplicationCommand {
    @Parameters(paramLabel = "PLATFORM_ORDER_ID", arity = "1..*")
    List<String> ids;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Override
    protected int call(ConfigurableApplicationContext context) {
        GatewayResult<List<InquiryItem>> result =
                context.getBean(AuthPayClient.class).inquiry(ids);
        if (result.successValue().isEmpty()) {
            return GatewayCommands.failed(err(), "inquiry", result);
        }
        List<InquiryItem> items = result.successValue().get();
        if (format == OutputFormat.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (InquiryItem item : items) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("platform_order_id", item.platformOrderId());
                row.put("status", item.rawStatus());
                row.put("meaning", item.status().name());
                item.paid().ifPresent(t -> {
                    row.put("trade_no", t.tradeNo());
                    row.put("final_price", t.finalPrice());
                    row.put("debit_amount", t.debitAmount());
                    row.put("refunded", t.refundHistory().size());
                });
                rows.add(row);
            }
            out().println(Json.write(rows));
            return ExitCodes.OK;
        }
        TextTable table =
                new TextTable("PLATFORM_ORDER_ID", "STATUS", "MEANING", "TRADE_NO", "FINAL_PRICE", "DEBIT", "REFUNDS");
        for (InquiryItem item : items) {
            Transaction t = item.paid().orElse(null);
            table.row(
                    item.platformOrderId(),
                    item.rawStatus(),
                    item.status().name(),
                    t == null ? "" : t.tradeNo(),
                    t == null ? "" : t.finalPrice(),
                    t == null ? "" : t.debitAmount(),
                    t == null ? "" : t.refundHistory().size());
        }
        out().print(table.render());
        return ExitCodes.OK;
    }
}
