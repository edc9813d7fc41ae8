package io.sluice.service.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class StderrLogConfiguratorTest {

    @Test
    void logbackFindsTheServersConfigurationWhenItStarts() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(StderrLogConfigurator.class);
    }

    @Test
    void thriftsPerCallErrorsAreOffDl4jWarnsAndEverythingElseLogsFromInfo() {
        LoggerContext context = new LoggerContext();
        try {
            StderrLogConfigurator.writeToStderr(context);

            assertThat(context.getLogger("org.apache.thrift.ProcessFunction").getEffectiveLevel()).isEqualTo(Level.OFF);
            assertThat(context.getLogger("org.nd4j.linalg.factory.Nd4jBackend").getEffectiveLevel())
                    .isEqualTo(Level.WARN);
            assertThat(context.getLogger("org.deeplearning4j.nn").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("io.grpc.netty").getEffectiveLevel()).isEqualTo(Level.INFO);
            // java.util.logging (gRPC, Netty, the exporters) follows, so records below the level are never built.
            assertThat(java.util.logging.Logger.getLogger("org.apache.thrift.ProcessFunction").getLevel())
                    .isEqualTo(java.util.logging.Level.OFF);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
        } finally {
            context.stop();
        }
    }

    @Test
    void aLogbackTestXmlOnTheClassPathTakesPrecedence() {
        // This module's tests have one, as an operator's logback.configurationFile would.
        assertThat(StderrLogConfiguratorTest.class.getClassLoader().getResource("logback-test.xml")).isNotNull();
        LoggerContext context = new LoggerContext();
        StderrLogConfigurator configurator = new StderrLogConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).isExhausted();
    }
}
