package io.authpay.billing.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what a logger (and its children) logs while open, as the lines an operator would read. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts collecting what {@code loggerName} and its children log (at the levels they log at). */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** Starts collecting everything logged. */
    public static LogCapture root() {
        return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Every event so far, as "LEVEL logger message" plus its stack trace when it has one. */
    public synchronized List<String> lines() {
        return List.copyOf(appender.list).stream()
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
    }

    /** The events so far. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
