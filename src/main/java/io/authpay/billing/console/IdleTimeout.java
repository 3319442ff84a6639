package io.authpay.billing.console;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Signs an idle operator out after {@code server.servlet.session.timeout}, to the second: the embedded
 * Tomcat takes that setting in whole minutes (anything shorter becomes one minute), so each new session
 * gets it here in seconds. The console then answers the next request with the sign-in page ("session
 * ended"). Zero or less: sessions never time out.
 */
@Component
@Profile("serve")
class IdleTimeout implements HttpSessionListener {

    static final String SETTING = "server.servlet.session.timeout";

    private final int seconds;

    IdleTimeout(Environment environment) {
        Duration timeout = Binder.get(environment).bind(SETTING, Duration.class).orElse(Duration.ofMinutes(30));
        // Servlet sessions count whole seconds; 0 or less would mean "never", so a positive setting is >= 1 s.
        this.seconds = timeout.isNegative() || timeout.isZero()
                ? -1
                : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setMaxInactiveInterval(seconds);
    }
}
