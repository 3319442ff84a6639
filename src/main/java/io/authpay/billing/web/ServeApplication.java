package io.authpay.billing.web;

import io.authpay.billing.system.BillingApplication;
import io.authpay.billing.system.BillingProperties;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The application {@code serve} runs: the billing application with a web server and the {@value #PROFILE}
 * profile, which switches on the clustered Quartz scheduler, the operator API, the binding callback and
 * Actuator ({@code application-serve.yaml}). Tests start nodes with the same builder.
 */
public final class ServeApplication {

    /** The profile of everything only {@code serve} runs. */
    public static final String PROFILE = "serve";

    private ServeApplication() {}

    /** The application of {@code serve}; refuses to start, before anything else, without an operator token. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(BillingApplication.class)
                .web(WebApplicationType.SERVLET)
                .profiles(PROFILE)
                .listeners(new TokenRequired(), new DatabaseRequired());
    }

    /**
     * {@code serve} on the embedded database only when told so: several nodes cannot share it, and it runs
     * without a password. Checked before anything starts.
     */
    private static final class DatabaseRequired implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            String url = event.getEnvironment().getProperty("spring.datasource.url");
            boolean allowed = event.getEnvironment()
                    .getProperty(BillingProperties.Database.ALLOW_EMBEDDED_KEY, Boolean.class, false);
            if ((url == null || url.isBlank()) && !allowed) {
                throw new EmbeddedDatabaseRefusedException("serve refuses the embedded database (no"
                        + " spring.datasource.url is set): several nodes cannot share it."
                        + " Set spring.datasource.url to your MySQL server, or pass --"
                        + BillingProperties.Database.ALLOW_EMBEDDED_KEY + "=true to serve on the embedded"
                        + " database anyway (one node, local use only)");
            }
        }
    }

    /** {@code serve} was not told it may use the embedded database. */
    static final class EmbeddedDatabaseRefusedException extends IllegalStateException {
        EmbeddedDatabaseRefusedException(String message) {
            super(message);
        }
    }

    /** Fails the start while nothing has started yet (no database, no port) when no token is configured. */
    private static final class TokenRequired implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            OperatorSettings.requireToken(event.getEnvironment().getProperty(OperatorSettings.TOKEN_KEY));
        }
    }
}
