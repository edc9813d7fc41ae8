package io.sluice.service.cli;

import io.sluice.model.ArtifactException;
import io.sluice.model.CheckedArtifact;
import io.sluice.service.ModelRead;
import io.sluice.service.SluiceServer;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SettingsCatalog;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.logging.ConsoleLogEncoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--exit-when-serving", description = "Stop as soon as the first model is served (draining, "
            + "exit 0): a start-up check, and the start the image records its class-data archive from "
            + "(-XX:ArchiveClassesAtExit).")
    boolean exitWhenServing;

    @Override
    public Integer call() throws Exception {
        if (printDefaults) {
            print(SettingsCatalog.defaultsDocument());
            return 0;
        }
        CheckedArtifact.prepareManifestParsing(); // while the settings are read, before the model read needs it
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
        // Both cores work during start-up: the model is read and checked while telemetry starts and the endpoints bind.
        Optional<ModelRead> read = SluiceServer.beginReadingConfiguredModel(config);
        SluiceServer server = new SluiceServer(config);
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
        if (exitWhenServing) {
            // On its own thread: a store installs its model on the updater's thread, which stop() waits for.
            server.models().onInstall(model -> new Thread(drain, "shutdown-when-serving").start());
        }
        try {
            if (read.isPresent()) {
                server.loadConfiguredModel(read.get());
            } else {
                server.loadConfiguredModel();
            }
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
