package io.authpay.billing.system;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock of the program: every date and time comes from it. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** A clock registered before the context starts (the demo's simulated day) takes precedence. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock(BillingProperties properties) {
        Clock system = Clock.system(properties.window().zone());
        if (properties.clock().start() == null) {
            return system;
        }
        // Starts at billing.clock.start and runs at real speed from there.
        return Clock.offset(
                system, Duration.between(system.instant(), properties.clock().start()));
    }
}
