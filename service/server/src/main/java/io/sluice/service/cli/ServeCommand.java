package io.sluice.service.cli;

import io.sluice.model.ArtifactException;
import io.sluice.service.SluiceServer;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SettingsCatalog;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.logging.ConsoleLogEncoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code sluice serve}: runs the gRPC and Thrift endpoints until SIGTERM/SIGINT, then drains and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve bid-likelihood scores over gRPC (default port 50051) and legacy Thrift (9090).",
                "Settings: built-in defaults < --config file < SLUICE_* environment variables < --set.",
                "Every setting, its default and meaning: --print-defaults. The effective values: --print-config."})
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--print-config", description = "Check the settings, print their effective values and sources "
            + "and the threshold each partner of the model would be served with, then exit.")
    boolean printConfig;

    @Option(names = "--print-defaults", description = "Print every setting with its default and meaning (a valid "
            + "--config file), then exit.")
    boolean printDefaults;

    @Override
    public Integer call() throws Exception {
        if (printDefaults) {
            print(SettingsCatalog.defaultsDocument());
            return 0;
        }
        Settings settings = Settings.load(configFile, System.getenv());
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            settings = settings.with(override.getKey(), override.getValue(), "--set");
        }
        SluiceConfig config = SluiceConfig.from(settings);
        if (printConfig) {
            print(settings.describe() + ThresholdPreview.of(config.model()));
            return 0;
        }
        ServeChecks.beforeStart(config); // before anything opens: a taken port or a missing model is one line
        ConsoleLogEncoder.use(config.logFormat());
        // gRPC, Netty and the OpenTelemetry exporters log through java.util.logging; send it to the same log.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        SluiceServer server = new SluiceServer(config);
        // Both cores work during start-up: the model is read and checked while the endpoints bind.
        server.beginReadingConfiguredModel();
        server.start();
        Runnable drain = () -> {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        // Handling TERM/INT ourselves lets the process drain and then exit 0; a JVM ended by the signal would
        // report 143 even after a clean drain. The hook still covers other ways the JVM may be asked to exit.
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), received -> new Thread(drain, "shutdown-" + received.getName()).start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(drain, "shutdown-hook"));
        try {
            server.loadConfiguredModel();
        } catch (ArtifactException e) {
            LOG.error("cannot serve: {}", e.getMessage());
            server.stop();
            throw e; // the model given is unusable: bad input, exit 2 (SluiceCommandLine)
        }
        server.awaitTermination();
        return 0;
    }

    private void print(String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
    }
}
