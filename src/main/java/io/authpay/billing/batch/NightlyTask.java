package io.authpay.billing.batch;

import io.authpay.billing.charge.NightlyWork;
import io.authpay.billing.charge.RunControl;
import java.time.LocalDate;

/** The steps of the nightly job, in the order they run. Each returns how many things it handled. */
enum NightlyTask {
    /** Creates the charges falling due by the day after the business date, so the morning run finds them. */
    CREATE_DUE_CHARGES("create-due-charges") {
        @Override
        int run(NightlyWork work, LocalDate date, RunControl control) {
            return work.createDueCharges(date.plusDays(1));
        }
    },
    /** Settles UNKNOWN attempts with inquiry before the next charge run could touch them. */
    SETTLE_UNKNOWN("settle-unknown") {
        @Override
        int run(NightlyWork work, LocalDate date, RunControl control) {
            return work.settleUnknown(control);
        }
    },
    /** Refreshes the bindings of live subscriptions with detail. */
    REFRESH_BINDINGS("refresh-bindings") {
        @Override
        int run(NightlyWork work, LocalDate date, RunControl control) {
            return work.refreshBindings(control);
        }
    },
    /** Frees auth_no leases whose holder died; their IN_FLIGHT charges become UNKNOWN. */
    FREE_EXPIRED_LEASES("free-expired-leases") {
        @Override
        int run(NightlyWork work, LocalDate date, RunControl control) {
            return work.freeExpiredLeases();
        }
    };

    private final String stepName;

    NightlyTask(String stepName) {
        this.stepName = stepName;
    }

    /** The step's name in the job repository. */
    String stepName() {
        return stepName;
    }

    /** Does the step's work for the business date {@code date}. */
    abstract int run(NightlyWork work, LocalDate date, RunControl control);
}
