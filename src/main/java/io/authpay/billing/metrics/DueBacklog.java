package io.authpay.billing.metrics;

import io.authpay.billing.system.DbTime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The gauge {@value #NAME}: how many DUE or RETRY_SCHEDULED charges of chargeable subscriptions have come
 * due by now, i.e. what the next daily run would pick up. Counted when scraped, at most every
 * {@link #MAX_AGE}, so that frequent scrapes do not load the database.
 */
@Component
class DueBacklog implements MeterBinder {

    static final String NAME = "billing.charges.due.backlog";
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(DueBacklog.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private long countedAtNanos;
    private double count = Double.NaN;

    DueBacklog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, DueBacklog::value)
                .description("DUE and RETRY_SCHEDULED charges whose time has come")
                .register(registry);
    }

    synchronized double value() {
        long now = System.nanoTime();
        if (Double.isNaN(count) || now - countedAtNanos > MAX_AGE.toNanos()) {
            countedAtNanos = now;
            count = count(clock.instant());
        }
        return count;
    }

    private double count(Instant now) {
        try {
            Long due = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM charge c JOIN subscription s ON s.id = c.subscription_id
                    WHERE c.status IN ('DUE', 'RETRY_SCHEDULED')
                      AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= ?)
                      AND s.status IN ('ACTIVE', 'PAST_DUE')
                    """, Long.class, DbTime.utc(now));
            return due == null ? 0 : due;
        } catch (RuntimeException e) {
            // A scrape must not fail because the database is away for a moment: no value this time.
            log.warn("could not count the due charges: {}", e.getMessage());
            return Double.NaN;
        }
    }
}
