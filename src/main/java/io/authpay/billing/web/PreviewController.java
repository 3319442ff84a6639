package io.authpay.billing.web;

import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.charge.ChargePreview;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A dry run over the API: what a daily (or nightly) run would do, without calling JKoPay or changing a row.
 * The answer's {@code headline} is the first line {@code run JOB --dry-run} prints.
 */
@RestController
@Profile(ServeApplication.PROFILE)
class PreviewController {

    private final ChargePreview preview;

    PreviewController(ChargePreview preview) {
        this.preview = preview;
    }

    /** The headline and the figures. */
    record Answer(String headline, Object preview) {}

    @GetMapping("/api/preview")
    Answer preview(
            @RequestParam(required = false) String date, @RequestParam(defaultValue = BillingJobs.DAILY) String job) {
        LocalDate day;
        try {
            day = date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("date must be yyyy-MM-dd, not '" + date + "'");
        }
        if (job.equals(BillingJobs.NIGHTLY)) {
            ChargePreview.NightlyPreview p = preview.nightly(day);
            return new Answer(p.headline(), p);
        }
        if (!job.equals(BillingJobs.DAILY)) {
            throw new BadRequestException(
                    "job must be " + BillingJobs.DAILY + " or " + BillingJobs.NIGHTLY + ", not '" + job + "'");
        }
        try {
            ChargePreview.DailyPreview p = preview.daily(day);
            return new Answer(p.headline(), p);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
