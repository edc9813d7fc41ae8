package io.sluice.service.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The server's logging, set up in code when logback starts (found through {@code META-INF/services}): parsing an
 * XML configuration took about a sixth of the start to SERVING. Every line goes to stderr through
 * {@link ConsoleLogEncoder}, readable text or one JSON object per line whose MDC holds the current
 * trace_id / span_id / trace_flags (OpenTelemetry's MDC appender). An XML file named by {@code logback.configurationFile}
 * or a {@code logback-test.xml} on the class path (the tests') takes precedence, as it would over a logback.xml.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {

    /** Loggers quieter than the root's INFO. */
    private static final Map<String, Level> QUIETER = Map.of(
            // libthrift logs every handler exception at ERROR; the legacy handler already reports its own failures.
            "org.apache.thrift.ProcessFunction", Level.OFF,
            "org.nd4j", Level.WARN,
            "org.deeplearning4j", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || StderrLogConfigurator.class.getClassLoader().getResource(ContextInitializer.TEST_AUTOCONFIG_FILE)
                != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        writeToStderr(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context} as the server ships: every logger at INFO or quieter, every line to stderr. */
    public static void writeToStderr(LoggerContext context) {
        // Keeps java.util.logging levels in step with these, so records below them are never even built.
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        ConsoleLogEncoder encoder = new ConsoleLogEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        OpenTelemetryAppender traced = new OpenTelemetryAppender();
        traced.setContext(context);
        traced.setName("STDERR");
        traced.addAppender(console);
        traced.start();

        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(traced);
    }
}
