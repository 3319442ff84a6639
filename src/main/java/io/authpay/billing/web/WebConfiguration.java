package io.authpay.billing.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The operator token on {@code /api} only: the binding callback and Actuator stay reachable without it. */
@Configuration(proxyBeanMethods = false)
@Profile(ServeApplication.PROFILE)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<OperatorTokenFilter> operatorTokenFilter(OperatorSettings settings) {
        FilterRegistrationBean<OperatorTokenFilter> registration =
                new FilterRegistrationBean<>(new OperatorTokenFilter(settings));
        registration.addUrlPatterns("/api/*");
        registration.setName("operatorTokenFilter");
        return registration;
    }
}
