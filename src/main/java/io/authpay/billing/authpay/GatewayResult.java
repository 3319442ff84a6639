package io.authpay.billing.authpay;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one call of the gateway produced: either JKoPay {@link Answered answered} with a documented
 * result code, or we do not know what happened ({@link Unknown}). Built only by {@link
 * AuthPayResponseTranslator}; an unknown outcome is never an exception and never a success.
 *
 * @param <T> the type of the {@code result_object} of a {@code 000} answer
 */
public sealed interface GatewayResult<T> permits GatewayResult.Answered, GatewayResult.Unknown {

    /** What the billing policy does with this result; {@link OutcomeClass#UNKNOWN} for every {@link Unknown}. */
    OutcomeClass outcomeClass();

    /** The result code as JKoPay sent it, or null when there was none (no answer, not JSON, ...). */
    String code();

    /** From sending the request to having read the whole answer (or given up). */
    Duration latency();

    /** One human line for logs, reports and the operator. */
    String describe();

    /** The {@code result_object} of a {@code 000} answer; empty for every other result (and for cancel). */
    default Optional<T> successValue() {
        return this instanceof Answered<T> answered && answered.resultCode() == ResultCode.SUCCESS
                ? Optional.ofNullable(answered.resultObject())
                : Optional.empty();
    }

    /** True only for an answer with code {@code 000}. */
    default boolean succeeded() {
        return this instanceof Answered<T> answered && answered.resultCode() == ResultCode.SUCCESS;
    }

    /**
     * JKoPay answered with a documented code.
     *
     * @param code the code exactly as sent, e.g. {@code "307"}
     * @param resultCode its catalogue entry
     * @param message JKoPay's message, or the catalogue's when JKoPay sent none
     * @param resultObject the parsed {@code result_object} of a {@code 000} answer; null otherwise, and
     *     always null for cancel
     * @param latency time spent on the call
     */
    record Answered<T>(String code, ResultCode resultCode, String message, T resultObject, Duration latency)
            implements GatewayResult<T> {

        public Answered {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(resultCode, "resultCode");
            Objects.requireNonNull(latency, "latency");
            if (message == null || message.isBlank()) {
                message = resultCode.message();
            }
        }

        @Override
        public OutcomeClass outcomeClass() {
            return resultCode.outcomeClass();
        }

        @Override
        public String describe() {
            return code + " " + message;
        }
    }

    /**
     * We do not know what the gateway did.
     *
     * @param reason why
     * @param detail what exactly was seen (exception, HTTP status, a snippet of the body, the code)
     * @param httpStatus the HTTP status when an HTTP answer arrived, else null
     * @param code the result code when one could be read (undocumented code, unreadable {@code
     *     result_object}, envelope inside an HTTP error), else null
     * @param latency time spent on the call
     */
    record Unknown<T>(UnknownReason reason, String detail, Integer httpStatus, String code, Duration latency)
            implements GatewayResult<T> {

        public Unknown {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(latency, "latency");
            detail = detail == null ? "" : detail;
        }

        @Override
        public OutcomeClass outcomeClass() {
            return OutcomeClass.UNKNOWN;
        }

        @Override
        public String describe() {
            return "outcome unknown (" + reason + "): " + reason.meaning() + (detail.isEmpty() ? "" : "; " + detail);
        }
    }
}
