package io.authpay.billing.system;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.AuthPayClientConfig;
import io.authpay.billing.charge.NightlyProperties;
import io.authpay.billing.metrics.BillingMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The gateway client, built only when a command first needs it: a command that never calls JKoPay
 * runs without any {@code billing.authpay.*} setting, and one that does fails naming the missing key.
 */
@Configuration(proxyBeanMethods = false)
class AuthPayConfiguration {

    /**
     * The pool holds the daily run's charges and the nightly refresh's {@code detail} calls at once (a long
     * night may still refresh when the day's run starts), and a few connections beyond for inquiries
     * alongside. A smaller pool makes calls wait for a connection, and a wait longer than the response
     * timeout fails a call that was never sent, which the refresh's breaker counts as a broken gateway.
     * Connections are opened only when needed, so a large pool costs nothing while idle.
     */
    private static final int SPARE_CONNECTIONS = 4;

    @Bean(destroyMethod = "close")
    @Lazy
    AuthPayClient authPayClient(BillingProperties properties, NightlyProperties nightly, BillingMetrics metrics) {
        BillingProperties.Authpay authpay = properties.authpay();
        return new AuthPayClient(
                new AuthPayClientConfig(
                        authpay.baseUrl(),
                        authpay.apiKey(),
                        authpay.secretKey(),
                        authpay.storeId(),
                        authpay.connectTimeout(),
                        authpay.responseTimeout(),
                        properties.charge().concurrency() + nightly.concurrency() + SPARE_CONNECTIONS),
                (endpoint, result) -> metrics.gatewayCall(endpoint, result.outcomeClass(), result.latency()));
    }
}
