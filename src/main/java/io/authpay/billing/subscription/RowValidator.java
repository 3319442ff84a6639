package io.authpay.billing.subscription;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the values of one data row and turns them into a {@link SubscriptionRow}. Every field is
 * checked, so one pass reports everything wrong with the row.
 */
final class RowValidator {

    static final int MAX_EXTERNAL_ID = 64;
    static final int MAX_AUTH_NO = AuthNos.MAX_LENGTH;
    static final int MAX_TRADE_NAME = 30;
    static final long MAX_AMOUNT = 10_000_000;

    private static final Pattern AUTH_NO = AuthNos.PATTERN;
    // ASCII digits only: Long.parseLong alone would also accept full-width digits such as "４９９".
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern NEGATIVE = Pattern.compile("-[0-9]+");
    private static final Pattern ISO_DATE = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");

    private final int line;
    private final List<RowError> errors;

    private RowValidator(int line, List<RowError> errors) {
        this.line = line;
        this.errors = errors;
    }

    /**
     * The row, or {@code null} when any value is wrong; every problem found is added to {@code errors}.
     *
     * @param values the stripped values in header order; 7, or 8 with {@code next_billing_date}
     */
    static SubscriptionRow validate(int line, List<String> values, List<RowError> errors) {
        int errorsBefore = errors.size();
        RowValidator check = new RowValidator(line, errors);
        String externalId = check.externalId(values.get(0));
        String authNo = check.authNo(values.get(1));
        Long amount = check.amount(values.get(2));
        String currency = check.currency(values.get(3));
        BillingPeriod period = check.period(values.get(4));
        LocalDate anchor = check.date("anchor_date", values.get(5));
        String tradeName = check.tradeName(values.get(6));
        String next = values.size() > 7 ? values.get(7) : "";
        LocalDate nextBillingDate = next.isEmpty() ? anchor : check.date("next_billing_date", next);
        if (!next.isEmpty() && period != null && anchor != null && nextBillingDate != null) {
            check.nextBillingDateOnSchedule(anchor, period, nextBillingDate);
        }
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new SubscriptionRow(
                line, externalId, authNo, amount, currency, period, anchor, nextBillingDate, tradeName);
    }

    private String externalId(String value) {
        if (value.isEmpty()) {
            return reject("external_id", "is empty; every row needs the merchant's id of the subscription");
        }
        int length = characters(value);
        if (length > MAX_EXTERNAL_ID) {
            return reject(
                    "external_id",
                    quote(value) + " is " + length + " characters long; at most " + MAX_EXTERNAL_ID + " are allowed");
        }
        return value;
    }

    private String authNo(String value) {
        if (value.isEmpty()) {
            return reject("auth_no", "is empty; every row needs the AuthPay binding (auth_no) to charge");
        }
        if (!AUTH_NO.matcher(value).matches()) {
            return reject("auth_no", quote(value) + " may contain only letters and digits");
        }
        if (value.length() > MAX_AUTH_NO) {
            return reject(
                    "auth_no",
                    quote(value) + " is " + value.length() + " characters long; at most " + MAX_AUTH_NO
                            + " are allowed");
        }
        return value;
    }

    private Long amount(String value) {
        if (value.isEmpty()) {
            return reject("amount", "is empty; write the price in whole TWD, e.g. 499");
        }
        if (NEGATIVE.matcher(value).matches()) {
            return reject("amount", quote(value) + " is negative; the amount must be at least 1 TWD");
        }
        if (!DIGITS.matcher(value).matches()) {
            return reject("amount", quote(value) + " is not a whole number of TWD; write digits only, e.g. 499");
        }
        String significant = value.replaceFirst("^0+", "");
        if (significant.isEmpty()) {
            return reject("amount", quote(value) + " is zero; the amount must be at least 1 TWD");
        }
        // Any 18 digits fit in a long; more are over the limit anyway and must not overflow the parse.
        if (significant.length() > 18 || Long.parseLong(significant) > MAX_AMOUNT) {
            return reject(
                    "amount",
                    quote(value) + " is more than the limit of " + String.format(Locale.ROOT, "%,d", MAX_AMOUNT)
                            + " TWD per charge");
        }
        return Long.parseLong(significant);
    }

    private String currency(String value) {
        if (!value.equals("TWD")) {
            return reject(
                    "currency",
                    (value.isEmpty() ? "is empty" : quote(value) + " is not supported")
                            + "; AuthPay charges only in TWD");
        }
        return value;
    }

    private BillingPeriod period(String value) {
        return BillingPeriod.fromText(value)
                .orElseGet(() -> reject(
                        "period",
                        (value.isEmpty() ? "is empty" : quote(value) + " is not a billing period")
                                + "; use WEEK, MONTH, QUARTER or YEAR"));
    }

    private LocalDate date(String field, String value) {
        if (value.isEmpty()) {
            return reject(field, "is empty; write a date as yyyy-MM-dd, e.g. 2026-01-31");
        }
        var parts = ISO_DATE.matcher(value);
        if (!parts.matches()) {
            return reject(field, quote(value) + " is not a date in the form yyyy-MM-dd, e.g. 2026-01-31");
        }
        int year = Integer.parseInt(parts.group(1));
        int month = Integer.parseInt(parts.group(2));
        int day = Integer.parseInt(parts.group(3));
        if (month < 1 || month > 12) {
            return reject(field, quote(value) + " is not a date: there is no month " + month);
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            YearMonth yearMonth = YearMonth.of(year, month);
            return reject(
                    field,
                    quote(value) + " is not a date: "
                            + yearMonth.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + year
                            + " has " + yearMonth.lengthOfMonth() + " days");
        }
    }

    /**
     * The next billing date must be one of the schedule's dates: an off-schedule date such as 15 Feb on a
     * 31st anchor would be charged and then followed by 28 Feb, a second date in the same period.
     */
    private void nextBillingDateOnSchedule(LocalDate anchor, BillingPeriod period, LocalDate next) {
        if (next.isBefore(anchor)) {
            reject("next_billing_date", next + " is before anchor_date " + anchor);
        } else if (!BillingCalendar.isBillingDate(anchor, period, next)) {
            reject(
                    "next_billing_date",
                    next + " is not a billing date of a " + period + " subscription anchored on " + anchor
                            + "; the next one after it is "
                            + BillingCalendar.nextBillingDate(anchor, period, next));
        }
    }

    private String tradeName(String value) {
        if (value.isEmpty()) {
            return reject("trade_name", "is empty; it is what the customer sees in the JKoPay app");
        }
        int length = characters(value);
        if (length > MAX_TRADE_NAME) {
            return reject(
                    "trade_name",
                    quote(value) + " is " + length + " characters long; JKoPay accepts at most " + MAX_TRADE_NAME);
        }
        return value;
    }

    private <T> T reject(String field, String message) {
        errors.add(new RowError(line, field, message));
        return null;
    }

    /** Characters as MySQL (utf8mb4) and people count them: one per code point, so 月 counts one. */
    private static int characters(String value) {
        return value.codePointCount(0, value.length());
    }

    /** The value as the operator typed it, shortened and on one line so the message stays readable. */
    static String quote(String value) {
        String oneLine = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
        if (characters(oneLine) > 40) {
            oneLine = oneLine.substring(0, oneLine.offsetByCodePoints(0, 37)) + "...";
        }
        return "\"" + oneLine + "\"";
    }
}
