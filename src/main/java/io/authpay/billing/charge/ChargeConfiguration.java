package io.authpay.billing.charge;

import io.authpay.billing.system.BillingProperties;
import java.util.Random;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the result-code policy from {@code billing.retry.*} ({@link RetrySettings}, bound) and {@code billing.window.*}. */
@Configuration(proxyBeanMethods = false)
class ChargeConfiguration {

    @Bean
    BillingWindow billingWindow(BillingProperties properties) {
        BillingProperties.Window window = properties.window();
        return BillingWindow.of(window.zone(), window.start(), window.end());
    }

    @Bean
    CallWindow callWindow(BillingWindow window, BillingProperties properties) {
        return new CallWindow(window, properties.charge().windowGuard());
    }

    /** Only spreads the 307 backoff; {@link Random} is thread-safe, which the policy needs. */
    @Bean
    Random chargeRandom() {
        return new Random();
    }

    @Bean
    ChargePolicy chargePolicy(RetrySettings settings, BillingWindow window, Random chargeRandom) {
        return new ChargePolicy(settings, window, chargeRandom);
    }
}
