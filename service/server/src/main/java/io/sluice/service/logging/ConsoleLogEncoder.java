package io.sluice.service.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * Writes each log event as readable text or as one JSON object per line, as {@link #use} last chose. Starts in
 * {@link LogFormat#AUTO}, so lines logged before the configuration is read (start-up, usage errors) already suit
 * where they go.
 */
public final class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

    private static volatile LogFormat chosen = LogFormat.AUTO;

    private final JsonEncoder json = new JsonEncoder();
    private final PatternLayoutEncoder text = new PatternLayoutEncoder();

    /** Makes every console encoder write {@code format} from now on. */
    public static void use(LogFormat format) {
        chosen = format;
    }

    /** The format lines are written in now, with {@link LogFormat#AUTO} resolved. */
    public static LogFormat effective() {
        LogFormat format = chosen;
        if (format != LogFormat.AUTO) {
            return format;
        }
        // A console exists only when the process is attached to a terminal; containers and pipes get JSON.
        return System.console() != null ? LogFormat.TEXT : LogFormat.JSON;
    }

    @Override
    public void start() {
        json.setContext(getContext());
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        json.start();
        text.setContext(getContext());
        text.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        text.start();
        super.start();
    }

    @Override
    public void stop() {
        json.stop();
        text.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (effective() == LogFormat.TEXT) {
            return text.encode(event);
        }
        // JSON allows "/" unescaped; logback escapes it, which makes paths and URLs hard to read and grep.
        String line = new String(json.encode(event), StandardCharsets.UTF_8);
        return line.replace("\\/", "/").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
