package io.authpay.billing.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The operator token on {@code /api} only: the binding callback and Actuator stay reachable without it.
 * Request bodies are capped before anything reads them: JKoPay's binding callback is a few hundred bytes,
 * the API's bodies are a date and a reason of at most 1000 characters.
 */
@Configuration(proxyBeanMethods = false)
@Profile(ServeApplication.PROFILE)
class WebConfiguration {

    /** The largest binding callback body taken; JKoPay's are a few hundred bytes. */
    static final int CALLBACK_MAX_BYTES = 4 * 1024;
    /** The largest operator API body taken: a reason of 1000 characters, in UTF-8, with room to spare. */
    static final int API_MAX_BYTES = 16 * 1024;

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> callbackSizeLimit() {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(CALLBACK_MAX_BYTES));
        registration.addUrlPatterns("/callbacks/*");
        registration.setName("callbackSizeLimit");
        registration.setOrder(0);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> apiSizeLimit() {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(API_MAX_BYTES));
        registration.addUrlPatterns("/api/*");
        registration.setName("apiSizeLimit");
        registration.setOrder(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<OperatorTokenFilter> operatorTokenFilter(OperatorSettings settings) {
        FilterRegistrationBean<OperatorTokenFilter> registration =
                new FilterRegistrationBean<>(new OperatorTokenFilter(settings));
        registration.addUrlPatterns("/api/*");
        registration.setName("operatorTokenFilter");
        registration.setOrder(2);
        return registration;
    }
}
