package io.authpay.billing.web;

import tools.jackson.databind.json.JsonMapper;

/**
 * The body of every error the API and the callback answer.
 *
 * @param error a stable, machine-readable code in snake case ({@code not_found}, {@code already_running},
 *     {@code outside_window}...)
 * @param message one sentence for the operator: what is wrong and, where it helps, what to do
 */
record ApiError(String error, String message) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static String json(ApiError error) {
        return JSON.writeValueAsString(error);
    }
}
