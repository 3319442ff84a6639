package io.authpay.billing.web;

import java.time.LocalDate;

/**
 * The dates the API takes: 2000-01-01 to 2099-12-31. A date far outside (a typo, {@code +999999999-12-31})
 * would only fail deep in a query or a run; it is refused with 400 at the door instead.
 */
final class BusinessDates {

    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2099, 12, 31);

    private BusinessDates() {}

    /** The date, or a 400 naming the field and the range. */
    static LocalDate check(LocalDate date, String field) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            throw new BadRequestException(field + " must be between " + EARLIEST + " and " + LATEST);
        }
        return date;
    }
}
