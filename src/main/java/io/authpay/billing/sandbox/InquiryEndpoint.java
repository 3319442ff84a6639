package io.authpay.billing.sandbox;

import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /platform/authpay/inquiry?platform_order_ids=a,b}: up to 20 orders. Each is status 0 with
 * the transaction (amounts as numbers) when paid, 101 while its charge is in flight, 100 when a decline
 * code failed it, and 102 when it was never created (unknown, or refused before creation).
 */
final class InquiryEndpoint {

    static final int MAX_IDS = 20;

    private final Store store;

    InquiryEndpoint(Store store) {
        this.store = store;
    }

    static List<String> ids(Call call) {
        return Arrays.asList(call.requiredParameter("platform_order_ids").split(",", -1));
    }

    Reply handle(Call call) {
        List<String> ids = ids(call);
        if (ids.size() > MAX_IDS) {
            throw Rejection.validation("at most " + MAX_IDS + " platform_order_ids");
        }
        if (ids.stream().anyMatch(String::isBlank)) {
            throw Rejection.validation("platform_order_ids has an empty id");
        }
        ObjectNode result = Wire.JSON.createObjectNode();
        ArrayNode transactions = result.putArray("transactions");
        synchronized (store) {
            for (String id : ids) {
                Order order = store.paidOrder(id);
                if (order != null) {
                    transactions.add(Wire.transaction(order, false));
                } else {
                    ObjectNode entry = transactions.addObject();
                    entry.put("platform_order_id", id);
                    entry.put("status", store.inFlight(id) ? 101 : store.failed(id) ? 100 : 102);
                }
            }
        }
        return Reply.of(Envelope.ok(result));
    }
}
