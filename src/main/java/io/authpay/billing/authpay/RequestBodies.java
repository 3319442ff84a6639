package io.authpay.billing.authpay;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What goes on the wire for each request: the exact bytes of a POST body (UTF-8, serialized once,
 * signed and sent as they are) and the raw query string of a GET (signed without {@code ?}).
 */
final class RequestBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CURRENCY = "TWD";

    private RequestBodies() {}

    static byte[] createBinding(CreateBindingRequest request, String storeId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("authpay_name", request.name());
        body.put("store_id", storeId);
        if (request.platformAuthpayId() != null) {
            body.put("platform_authpay_id", request.platformAuthpayId());
        }
        body.put("billing_amount", request.amount());
        body.put("billing_currency", CURRENCY);
        ObjectNode cycle = body.putObject("billing_cycle");
        cycle.put("period", request.period().wireValue());
        cycle.put("times", request.times());
        body.put("result_url", request.resultUrl());
        if (request.resultDisplayUrl() != null) {
            body.put("result_display_url", request.resultDisplayUrl());
        }
        return JSON.writeValueAsBytes(body);
    }

    static byte[] charge(ChargeRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("auth_no", request.authNo());
        ObjectNode order = body.putObject("order");
        order.put("platform_order_id", request.platformOrderId());
        order.put("trade_name", request.tradeName());
        order.put("currency", CURRENCY);
        order.put("total_price", request.amount());
        order.put("final_price", request.amount());
        order.put("unredeem", 0);
        return JSON.writeValueAsBytes(body);
    }

    static byte[] refund(RefundRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("platform_order_id", request.platformOrderId());
        if (request.refundOrderId() != null) {
            body.put("refund_order_id", request.refundOrderId());
        }
        body.put("refund_amount", request.amount());
        return JSON.writeValueAsBytes(body);
    }

    static byte[] cancel(String authNo) {
        ObjectNode body = JSON.createObjectNode();
        body.put("auth_no", RequestChecks.id(authNo, "auth_no", 30));
        return JSON.writeValueAsBytes(body);
    }

    /** {@code platform_order_ids=a,b,c}: commas unencoded, ids already checked to be URL-safe. */
    static String inquiryQuery(List<String> platformOrderIds) {
        return "platform_order_ids=" + String.join(",", platformOrderIds);
    }

    static String detailQuery(String authNo) {
        return "auth_no=" + RequestChecks.id(authNo, "auth_no", 30);
    }
}
