package io.authpay.billing.web;

import io.authpay.billing.schedule.InvalidScheduleException;
import io.authpay.billing.system.EmbeddedDatabaseConfiguration;
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
            if (t instanceof EmbeddedDatabaseConfiguration.EmbeddedDatabaseUnavailableException) {
                return new FailureAnalysis(
                        t.getMessage(),
                        "Set spring.datasource.url to a MySQL server; the embedded database is in the default"
                                + " build (mvn package), not in the image's.",
                        t);
            }
            if (t instanceof ServeApplication.EmbeddedDatabaseRefusedException) {
                return new FailureAnalysis(
                        t.getMessage(),
                        "Set spring.datasource.url (e.g. SPRING_DATASOURCE_URL) to the MySQL server the nodes share.",
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
