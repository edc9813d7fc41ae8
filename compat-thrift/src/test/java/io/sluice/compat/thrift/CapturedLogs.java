package io.sluice.compat.thrift;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the endpoint and libthrift log during a test off the console (tests stay quiet when green) and lets
 * the test look at it: the loggers get a list appender and lose their additivity until {@link #close()}.
 */
final class CapturedLogs implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Logger> loggers = Stream.of("io.sluice.compat.thrift", "org.apache.thrift")
            .map(name -> (Logger) LoggerFactory.getLogger(name))
            .toList();

    CapturedLogs() {
        appender.start();
        for (Logger logger : loggers) {
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    /** The events logged at {@code level} or above, as "LEVEL logger: message" lines. */
    List<String> atLeast(Level level) {
        synchronized (appender) { // the lock AppenderBase.doAppend holds while it appends
            return appender.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(level))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
                    .toList();
        }
    }

    @Override
    public void close() {
        for (Logger logger : loggers) {
            logger.detachAppender(appender);
            logger.setAdditive(true);
        }
        appender.stop();
    }
}
