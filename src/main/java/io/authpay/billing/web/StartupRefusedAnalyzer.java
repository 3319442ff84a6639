package io.authpay.billing.web;

import io.authpay.billing.schedule.InvalidScheduleException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start of {@code serve} refused for a reason the operator fixes in configuration (no operator token, an
 * invalid schedule file) is reported as what to fix, not as a stack trace.
 */
final class StartupRefusedAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OperatorSettings.TokenMissingException) {
                return new FailureAnalysis(
                        t.getMessage(),
                        "Set billing.operator.token (for example the environment variable BILLING_OPERATOR_TOKEN)"
                                + " to a long random secret, and give it to the operators who call /api.",
                        t);
            }
            if (t instanceof InvalidScheduleException) {
                return new FailureAnalysis(
                        t.getMessage(),
                        "Correct the schedule files named above (billing.schedule.dir); nothing was scheduled.",
                        t);
            }
        }
        return null;
    }
}
