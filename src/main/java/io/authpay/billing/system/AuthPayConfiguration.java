package io.authpay.billing.system;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.AuthPayClientConfig;
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

    /** A few connections beyond the charge concurrency, for inquiries and detail refreshes alongside. */
    private static final int SPARE_CONNECTIONS = 4;

    @Bean(destroyMethod = "close")
    @Lazy
    AuthPayClient authPayClient(BillingProperties properties, BillingMetrics metrics) {
        BillingProperties.Authpay authpay = properties.authpay();
        return new AuthPayClient(
                new AuthPayClientConfig(
                        authpay.baseUrl(),
                        authpay.apiKey(),
                        authpay.secretKey(),
                        authpay.storeId(),
                        authpay.connectTimeout(),
                        authpay.responseTimeout(),
                        properties.charge().concurrency() + SPARE_CONNECTIONS),
                (endpoint, result) -> metrics.gatewayCall(endpoint, result.outcomeClass(), result.latency()));
    }
}
