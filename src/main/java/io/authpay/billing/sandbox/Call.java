package io.authpay.billing.sandbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One authenticated request, as the endpoints see it.
 *
 * @param body the JSON object of a POST; an empty object for a GET
 * @param query the decoded query parameters of a GET; empty for a POST
 * @param arrival the sandbox clock when the request arrived: windows and periods are judged by it
 * @param subject the {@code auth_no} and orders the request names, for faults and the log
 */
record Call(JsonNode body, Map<String, String> query, Instant arrival, Subject subject) {

    /** Parses {@code a=1&b=2} as already decoded by {@code URI.getQuery()}; the first of a repeated name wins. */
    static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            parameters.putIfAbsent(name, eq < 0 ? "" : pair.substring(eq + 1));
        }
        return parameters;
    }

    String requiredParameter(String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw Rejection.validation(name + " is required");
        }
        return value;
    }
}
