package io.authpay.billing.console;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's two languages: English and Traditional Chinese (zh-TW), chosen from the browser's
 * Accept-Language until the operator picks one with the switch in the header ({@code ?lang=}), which a
 * cookie then remembers.
 */
@Configuration(proxyBeanMethods = false)
@Profile("serve")
class ConsoleWeb implements WebMvcConfigurer {

    static final Locale TRADITIONAL_CHINESE = Locale.TAIWAN;
    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, TRADITIONAL_CHINESE);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("console-lang");
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Strict");
        resolver.setDefaultLocaleFunction(request -> {
            // Any Chinese is served in Traditional Chinese, the only Chinese the console speaks.
            for (Locale wanted : Collections.list(request.getLocales())) {
                if (wanted.getLanguage().equals("zh")) {
                    return TRADITIONAL_CHINESE;
                }
                if (wanted.getLanguage().equals("en")) {
                    return Locale.ENGLISH;
                }
            }
            return Locale.ENGLISH;
        });
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).excludePathPatterns("/api/**", "/callbacks/**", "/actuator/**");
    }
}
