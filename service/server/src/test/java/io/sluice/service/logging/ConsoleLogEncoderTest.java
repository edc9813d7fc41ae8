package io.sluice.service.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ConsoleLogEncoderTest {

    @AfterEach
    void backToAuto() {
        ConsoleLogEncoder.use(LogFormat.AUTO);
    }

    /** The lines the shipped logging configuration writes to stderr while {@code logging} runs. */
    private static List<String> shippedConfigLines(Consumer<Logger> logging) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            StderrLogConfigurator.writeToStderr(context);
            logging.accept(context.getLogger("io.sluice.test"));
        } finally {
            System.setErr(original);
            context.stop();
        }
        return stderr.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void textFormatIsOneReadableLineWithLocalTimeLevelLoggerAndMessage() throws Exception {
        ConsoleLogEncoder.use(LogFormat.TEXT);

        List<String> lines = shippedConfigLines(log -> log.info("serving model {}", "bundled-3"));

        assertThat(lines).singleElement().asString()
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io\\.sluice\\.test - serving model bundled-3");
    }

    @Test
    void jsonFormatLeavesSlashesUnescapedSoPathsReadAsWritten() throws Exception {
        ConsoleLogEncoder.use(LogFormat.JSON);

        List<String> lines = shippedConfigLines(log -> log.info("admin endpoint serves /livez and s3://models/a\\b"));

        assertThat(lines).singleElement().asString()
                .startsWith("{")
                .contains("\"formattedMessage\":\"admin endpoint serves /livez and s3://models/a\\\\b\"")
                .doesNotContain("\\/");
    }

    @Test
    void autoChoosesJsonWhenNotAttachedToATerminal() {
        // Surefire runs tests without a console, as a container runs the server.
        assertThat(System.console()).isNull();

        assertThat(ConsoleLogEncoder.effective()).isEqualTo(LogFormat.JSON);
    }
}
