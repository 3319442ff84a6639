package io.authpay.billing.schedule;

import java.time.Instant;
import java.util.Map;

/**
 * One fire of a schedule.
 *
 * @param schedule the schedule's name
 * @param job the billing job to start
 * @param scheduledAt when it was due (a misfire fires later than this)
 * @param firedAt when it actually fired
 * @param parameters the schedule's extra job parameters
 * @param node the Quartz instance id of the node it fired on
 */
record ScheduledFire(
        String schedule,
        String job,
        Instant scheduledAt,
        Instant firedAt,
        Map<String, String> parameters,
        String node) {

    ScheduledFire {
        parameters = Map.copyOf(parameters);
    }
}
