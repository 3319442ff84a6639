package io.authpay.billing.schedule;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One schedule as a {@code jobs/*.yml} file declares it: when Quartz starts which billing job. Built only by
 * {@link ScheduleFiles}, which checks every field.
 *
 * @param name the file's name without {@code .yml}: the schedule's key in Quartz and in the operator API
 * @param source where it was read from, for messages
 * @param job the billing job it starts ({@code nightly-billing} or {@code daily-billing})
 * @param crons one or more Quartz cron expressions (seconds first); the schedule fires at each
 * @param zone the zone the cron expressions are read in
 * @param misfire what a missed fire time does
 * @param parameters extra job parameters, added to every run it starts (not identifying: a slot still runs once)
 * @param enabled false keeps the file but takes the schedule out of Quartz
 * @param description one line for the operator
 */
public record ScheduleDefinition(
        String name,
        String source,
        String job,
        List<String> crons,
        ZoneId zone,
        MisfirePolicy misfire,
        Map<String, String> parameters,
        boolean enabled,
        String description) {

    public ScheduleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(misfire, "misfire");
        crons = List.copyOf(crons);
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
        if (crons.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one cron expression");
        }
    }

    /**
     * Everything Quartz is told about this schedule, in one string: a stored schedule whose fingerprint
     * differs from its file's is replaced at start-up.
     */
    String fingerprint() {
        return "job=" + job + "|cron=" + String.join(";", crons) + "|zone=" + zone.getId() + "|misfire="
                + misfire.yamlValue() + "|parameters=" + parameters + "|description=" + description;
    }
}
