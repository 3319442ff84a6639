package io.authpay.billing.schedule;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.quartz.CronScheduleBuilder;

/** What a schedule does with a fire time it missed (every node down, or the job still running then). */
public enum MisfirePolicy {
    /** Fire once as soon as possible, however many fire times were missed; the slot keeps its own time. */
    FIRE_ONCE("fire-once"),
    /** Forget the missed fire times and wait for the next one. */
    SKIP("skip");

    private final String yamlValue;

    MisfirePolicy(String yamlValue) {
        this.yamlValue = yamlValue;
    }

    /** The spelling in {@code jobs/*.yml}. */
    public String yamlValue() {
        return yamlValue;
    }

    static Optional<MisfirePolicy> fromYaml(String value) {
        return Arrays.stream(values()).filter(p -> p.yamlValue.equals(value)).findFirst();
    }

    static String spellings() {
        return Arrays.stream(values()).map(MisfirePolicy::yamlValue).collect(Collectors.joining(", "));
    }

    CronScheduleBuilder applyTo(CronScheduleBuilder builder) {
        return switch (this) {
            case FIRE_ONCE -> builder.withMisfireHandlingInstructionFireAndProceed();
            case SKIP -> builder.withMisfireHandlingInstructionDoNothing();
        };
    }
}
