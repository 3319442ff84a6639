package io.authpay.billing.console;

import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.charge.BillingWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Profile;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * How the console writes figures, for its templates ({@code ${@fmt.twd(amount)}}): TWD with thousands
 * separators, times in the billing zone with the zone named, result codes with JKoPay's meaning in the
 * reader's language.
 */
@Component("fmt")
@Profile("serve")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss VV");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final ZoneId zone;
    private final MessageSource messages;

    ConsoleFormat(BillingWindow window, MessageSource messages) {
        this.zone = window.zone();
        this.messages = messages;
    }

    /** {@code 1,234,567 TWD}; integer TWD, grouped the same in both languages. */
    public String twd(Long amount) {
        return amount == null ? "" : String.format(Locale.ROOT, "%,d TWD", amount);
    }

    /** A count with thousands separators. */
    public String count(Long n) {
        return n == null ? "" : String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 2026-12-01 10:00:05 Asia/Taipei}. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    /** A Spring Batch stamp (the JVM's local wall clock) in the billing zone. */
    public String batchTime(LocalDateTime stamp) {
        return stamp == null ? "" : time(stamp.atZone(ZoneId.systemDefault()).toInstant());
    }

    /** {@code 19:59} in the billing zone. */
    public String clock(Instant instant) {
        return instant == null ? "" : CLOCK.format(instant.atZone(zone));
    }

    /** {@code 1 h 05 min} / {@code 12 s}. */
    public String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        return minutes < 60
                ? minutes + " min " + (seconds % 60) + " s"
                : (minutes / 60) + " h " + (minutes % 60) + " min";
    }

    /** From start to end (or now while it runs). */
    public String between(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return "";
        }
        return end == null ? "" : duration(Duration.between(start, end));
    }

    /**
     * A result code with its meaning: JKoPay's Chinese meaning (the seed table) in zh-TW, its English message
     * otherwise; an undocumented code as it came.
     */
    public String code(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        Locale locale = LocaleContextHolder.getLocale();
        String english = ResultCode.of(code).map(ResultCode::message).orElse(null);
        String meaning = messages.getMessage("code." + code.trim(), null, english, locale);
        return meaning == null ? code : code + " " + meaning;
    }

    /** The billing zone, e.g. {@code Asia/Taipei}. */
    public String zone() {
        return zone.getId();
    }
}
