package io.authpay.billing.authpay;

import tools.jackson.databind.JsonNode;

/** Reads the {@code result_object} of a {@code 000} answer into its typed record. */
@FunctionalInterface
interface ResultObjectReader<T> {

    /**
     * @param resultObject the {@code result_object} node: may be null, a null node or anything else
     * @throws MalformedAnswerException when a required field is missing or unreadable
     */
    T read(JsonNode resultObject);

    /** For endpoints whose success carries nothing (cancel). */
    static ResultObjectReader<Void> nothing() {
        return node -> null;
    }
}
