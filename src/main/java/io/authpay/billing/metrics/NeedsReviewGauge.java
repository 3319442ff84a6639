package io.authpay.billing.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The gauge {@value #NAME}: how many charges wait for an operator (NEEDS_REVIEW), for the alert that says
 * they pile up. Counted when scraped, at most every {@link #MAX_AGE}.
 */
@Component
class NeedsReviewGauge implements MeterBinder {

    static final String NAME = "billing.charges.needs.review";
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(NeedsReviewGauge.class);

    private final JdbcTemplate jdbc;
    private long countedAtNanos;
    private double count = Double.NaN;

    NeedsReviewGauge(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, NeedsReviewGauge::value)
                .description("Charges in NEEDS_REVIEW, waiting for an operator")
                .register(registry);
    }

    synchronized double value() {
        long now = System.nanoTime();
        if (Double.isNaN(count) || now - countedAtNanos > MAX_AGE.toNanos()) {
            countedAtNanos = now;
            try {
                Long n = jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE status = 'NEEDS_REVIEW'", Long.class);
                count = n == null ? 0 : n;
            } catch (RuntimeException e) {
                log.warn("could not count the NEEDS_REVIEW charges: {}", e.getMessage());
                count = Double.NaN;
            }
        }
        return count;
    }
}
