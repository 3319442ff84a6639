package io.authpay.billing.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two filter chains. The machines' paths ({@code /api}, {@code /callbacks}, {@code /actuator}) keep what they
 * had: no session, no CSRF (no cookies to ride on), the API's own bearer-token filter. Everything else is
 * the console: a sign-in form with a named operator credential, a session cookie (HttpOnly, SameSite=Strict,
 * Secure behind https, idle timeout: {@code server.servlet.session.*}), a CSRF token on every POST, and
 * failed sign-ins slowed per client.
 */
@Configuration(proxyBeanMethods = false)
@Profile("serve")
class ConsoleSecurity {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurity.class);
    static final String SIGN_IN = "/login";

    @Bean
    @Order(1)
    SecurityFilterChain machines(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**", "/callbacks/**", "/actuator/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    SignInThrottle signInThrottle(Clock clock) {
        return new SignInThrottle(clock);
    }

    /**
     * The one way to sign in. As a bean it also keeps Spring Boot from making its default user, whose
     * generated password it would log.
     */
    @Bean
    AuthenticationProvider operatorAuthentication(OperatorCredentials credentials) {
        return new OperatorAuthentication(credentials);
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(
            HttpSecurity http, AuthenticationProvider operatorAuthentication, SignInThrottle throttle)
            throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                SIGN_IN, "/console.css", "/webjars/**", "/favicon.ico", "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .authenticationProvider(operatorAuthentication)
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .usernameParameter("name")
                        .passwordParameter("secret")
                        .successHandler((request, response, authentication) -> {
                            throttle.succeeded(request.getRemoteAddr());
                            log.info("Operator {} signed in to the console", authentication.getName());
                            response.sendRedirect(request.getContextPath() + "/");
                        })
                        .failureHandler((request, response, exception) -> {
                            throttle.failed(request.getRemoteAddr());
                            // Neither the name nor the secret tried is logged: either may be a secret.
                            log.warn("Failed console sign-in from {}", request.getRemoteAddr());
                            response.sendRedirect(request.getContextPath() + SIGN_IN + "?error");
                        }))
                .logout(logout -> logout.logoutUrl("/logout")
                        .deleteCookies("JSESSIONID")
                        .logoutSuccessUrl(SIGN_IN + "?signedOut"))
                .sessionManagement(session -> session.invalidSessionUrl(SIGN_IN + "?expired"))
                // The Reports page shows the report in a frame of its own origin; no other site may frame it.
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()))
                .addFilterBefore(new ThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /** Checks a name and secret with {@link OperatorCredentials}; the principal is the operator's name. */
    private record OperatorAuthentication(OperatorCredentials credentials) implements AuthenticationProvider {
        @Override
        public Authentication authenticate(Authentication authentication) {
            String name = authentication.getName();
            Object secret = authentication.getCredentials();
            if (!credentials.matches(name, secret == null ? null : secret.toString())) {
                throw new BadCredentialsException("wrong operator name or secret");
            }
            return UsernamePasswordAuthenticationToken.authenticated(
                    name, null, List.of(new SimpleGrantedAuthority("ROLE_OPERATOR")));
        }

        @Override
        public boolean supports(Class<?> type) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
        }
    }

    /** Refuses a sign-in while its client must still wait, before the credential is even looked at. */
    private static final class ThrottleFilter extends OncePerRequestFilter {
        private final SignInThrottle throttle;

        ThrottleFilter(SignInThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod()) && SIGN_IN.equals(request.getServletPath()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Duration wait = throttle.wait(request.getRemoteAddr());
            if (!wait.isZero()) {
                response.sendRedirect(
                        request.getContextPath() + SIGN_IN + "?wait=" + Math.max(1, (wait.toMillis() + 999) / 1000));
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
