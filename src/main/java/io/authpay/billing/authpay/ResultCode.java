package io.authpay.billing.authpay;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every result code of JKoPay's platform API tables (shared/seeds/authpay-response-codes.txt), with
 * its English message and the outcome class the billing policy gives it. This is the one place that
 * maps a code to a meaning.
 */
public enum ResultCode {
    SUCCESS("000", "Success", OutcomeClass.SUCCEEDED),
    ORDER_DOES_NOT_EXIST("100", "Order does not exist", OutcomeClass.UNKNOWN),
    ORDER_ALREADY_PAID("101", "Order has been paid", OutcomeClass.ALREADY_PAID),
    REFUND_AMOUNT_ERROR("103", "Error in refund amount", OutcomeClass.REFUND_REJECTED),
    OVER_MONTHLY_LIMIT("104", "Payment/transfer amount is over the monthly limit", OutcomeClass.SOFT_DECLINE),
    INCONSISTENT_REFUND_AMOUNT("105", "Inconsistent refund amount", OutcomeClass.REFUND_REJECTED),
    STORE_NOT_FOUND("110", "Store not found", OutcomeClass.REQUEST_ERROR),
    REFUND_EXCEEDS_UNREIMBURSED(
            "113",
            "Refund reject due to refund amount exceeds total unreimbursed amount.",
            OutcomeClass.REFUND_REJECTED),
    PAYMENT_FAILED("115", "Payment failed", OutcomeClass.SOFT_DECLINE),
    COUPON_REFUND_FAILED(
            "116",
            "JKOPAY coupon reimbursement failed, please contact JKOPAY for assistance in refund",
            OutcomeClass.REFUND_REJECTED),
    INSUFFICIENT_BALANCE("121", "Insufficient bank account balance.", OutcomeClass.SOFT_DECLINE),
    BAD_REQUEST("200", "Bad request", OutcomeClass.REQUEST_ERROR),
    VALIDATION_ERROR("201", "Validation error", OutcomeClass.REQUEST_ERROR),
    INVALID_AUTH_NO("301", "Invalid auth_no", OutcomeClass.AUTH_REVOKED),
    CANCELED_AUTH_NO("302", "Canceled auth_no", OutcomeClass.AUTH_REVOKED),
    OVER_USER_QUOTA("303", "FinalPrice exceeded the max amount quota set by the user", OutcomeClass.QUOTA_DECLINE),
    AMOUNT_NOT_APPROVED(
            "304", "Order finalPrice is not consistent with authpay billing amount", OutcomeClass.AMOUNT_MISMATCH),
    CYCLE_TIMES_EXCEEDED("305", "Authpay payment exceeds current billing cycle times", OutcomeClass.CYCLE_QUOTA),
    OUTSIDE_WINDOW(
            "306",
            "Authpay payment transaction time invalid.(Available at 08:00 - 20:00 UTC+8)",
            OutcomeClass.OUTSIDE_WINDOW),
    AUTH_NO_BUSY("307", "Payment with the same auth_no is allowed one at a time", OutcomeClass.BUSY_AUTH),
    INTERNAL_ERROR("999", "Internal Error", OutcomeClass.UNKNOWN);

    private static final Map<String, ResultCode> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ResultCode::code, Function.identity()));

    private final String code;
    private final String message;
    private final OutcomeClass outcomeClass;

    ResultCode(String code, String message, OutcomeClass outcomeClass) {
        this.code = code;
        this.message = message;
        this.outcomeClass = outcomeClass;
    }

    /** The three-digit code as JKoPay sends it, e.g. {@code "307"}. */
    public String code() {
        return code;
    }

    /** JKoPay's English message for the code. */
    public String message() {
        return message;
    }

    /** What the billing policy does with this code. */
    public OutcomeClass outcomeClass() {
        return outcomeClass;
    }

    /** The catalogue entry for a code, or empty when JKoPay sent a code it never documented. */
    public static Optional<ResultCode> of(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code.trim()));
    }

    /** The outcome class of any code: undocumented codes are {@link OutcomeClass#UNKNOWN}. */
    public static OutcomeClass classify(String code) {
        return of(code).map(ResultCode::outcomeClass).orElse(OutcomeClass.UNKNOWN);
    }
}
