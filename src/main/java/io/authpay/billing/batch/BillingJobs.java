package io.authpay.billing.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The names of the billing jobs and of their identifying parameters.
 *
 * <p>A job instance is one {@value #DATE} and one {@value #SLOT}: a scheduler slot ({@code 08:05}) runs
 * once per business date however many nodes fire it, while a manual run ({@code manual-<epoch ms>}) is
 * always a new instance.
 */
public final class BillingJobs {

    /** Creates the charges falling due, settles UNKNOWN attempts, refreshes bindings, frees leases. */
    public static final String NIGHTLY = "nightly-billing";

    /** Charges what is due, inside the billing window. */
    public static final String DAILY = "daily-billing";

    /** Every job, in the order an operator reads them. */
    public static final List<String> NAMES = List.of(NIGHTLY, DAILY);

    /** The business date in the billing zone (Asia/Taipei), a {@link LocalDate}. */
    public static final String DATE = "date";

    /** The scheduler slot ({@code 08:05}) or {@code manual-<epoch ms>}. */
    public static final String SLOT = "slot";

    private static final String MANUAL_PREFIX = "manual-";

    private BillingJobs() {}

    /** Whether {@code name} is one of the billing jobs. */
    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }

    /** The identifying parameters of one run. */
    public static JobParameters parameters(LocalDate date, String slot) {
        return parameters(date, slot, Map.of());
    }

    /**
     * The parameters of one run: {@value #DATE} and {@value #SLOT} identify it; {@code extra} (a schedule's
     * own parameters) do not, so that a slot still runs once whatever they say.
     */
    public static JobParameters parameters(LocalDate date, String slot, Map<String, String> extra) {
        JobParametersBuilder builder = new JobParametersBuilder();
        extra.forEach((name, value) -> {
            if (name.equals(DATE) || name.equals(SLOT)) {
                throw new IllegalArgumentException("'" + name + "' is not an extra parameter");
            }
            builder.addString(name, value, false);
        });
        return builder.addLocalDate(DATE, date, true)
                .addString(SLOT, slot, true)
                .toJobParameters();
    }

    /**
     * The slot of a manual run started at {@code now}: unique, so a manual run never collides with another
     * (the random part keeps two runs started in the same millisecond, on two nodes or two simulated clocks,
     * from passing for one).
     */
    public static String manualSlot(Instant now) {
        return MANUAL_PREFIX + now.toEpochMilli() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
