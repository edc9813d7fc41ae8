package io.sluice.service.store;

import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry serving a store's current version. At start it retries with backoff until a version loads
 * (serving the bundled model meanwhile if configured); then it polls the store's CURRENT pointer and loads each
 * new value once (an admin load or rollback therefore holds until CURRENT changes again). Every load
 * downloads to a temporary folder, verifies checksum and feature spec, warms the model up, and only then swaps it
 * in. A refused or unreachable artifact never replaces the model being served.
 */
public final class ModelUpdater implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ModelSource source;
    private final ModelRegistry registry;
    private final ModelConfig config;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    /**
     * The CURRENT value last acted on. Polling acts only when CURRENT changes, so a refused version is not fetched
     * again and again, and an admin load or rollback holds until someone moves CURRENT.
     */
    private volatile String lastSeenCurrent;

    public ModelUpdater(ModelSource source, ModelRegistry registry, ModelConfig config) {
        this.source = source;
        this.registry = registry;
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "model-updater");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the initial load (with backoff) and then polling, in the background. */
    public void start() {
        scheduler.execute(() -> initialLoad(FIRST_RETRY));
    }

    /** Fetches, verifies, warms up and installs {@code version}; the served model is untouched on failure. */
    public synchronized ServingModel load(String version) throws ArtifactException {
        ModelSource.requireValidVersion(version);
        Path folder = null;
        try {
            folder = Files.createTempDirectory("sluice-model-");
            source.fetch(version, folder, config.serving().maxArtifactBytes());
            ServingModel model = ModelLoader.load(ArtifactFiles.directory(folder), config.serving());
            if (!model.version().equals(version)) {
                throw new ArtifactException(source.describe() + version + "/: manifest says version '"
                        + model.version() + "'");
            }
            registry.install(model);
            loads.incrementAndGet();
            return model;
        } catch (IOException e) {
            refusals.incrementAndGet();
            throw new ArtifactException("cannot fetch model " + version + " from " + source.describe() + ": "
                    + e.getMessage(), e);
        } catch (ArtifactException e) {
            refusals.incrementAndGet();
            throw e;
        } finally {
            deleteQuietly(folder);
        }
    }

    /** Swaps back to the previously served model. */
    public ServingModel rollback() {
        ServingModel model = registry.rollback();
        LOG.info("rolled back to model {}", model.version());
        return model;
    }

    /** Versions the store holds. */
    public List<String> versions() throws IOException {
        return source.versions();
    }

    /** Versions installed since start. */
    public long successfulLoads() {
        return loads.get();
    }

    /** Loads that were refused (unreachable store, corrupt or incompatible artifact). */
    public long refusedLoads() {
        return refusals.get();
    }

    /** Where the store is. */
    public String describe() {
        return source.describe();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void initialLoad(Duration backoff) {
        try {
            Optional<String> current = source.currentVersion();
            if (current.isEmpty()) {
                throw new IOException(source.describe() + " names no current version (" + ModelSource.CURRENT + ")");
            }
            lastSeenCurrent = current.get();
            load(current.get());
            schedulePolling();
        } catch (IOException | ArtifactException | RuntimeException e) {
            LOG.warn("model store {}: no model loaded yet ({}); retrying in {}", source.describe(), e.getMessage(),
                    backoff);
            serveBundledIfAllowed();
            Duration next = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
            scheduler.schedule(() -> initialLoad(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void serveBundledIfAllowed() {
        if (!config.fallbackToBundled() || registry.current().isPresent()) {
            return;
        }
        try {
            registry.install(ModelLoader.bundled(config.serving()));
            LOG.warn("serving the bundled model until the store {} yields a model (model.fallback-to-bundled=true)",
                    source.describe());
        } catch (ArtifactException e) {
            LOG.error("the bundled model cannot be served either: {}", e.getMessage());
        }
    }

    private void schedulePolling() {
        if (config.pollInterval().isZero()) {
            return;
        }
        long millis = config.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        Optional<String> current;
        try {
            current = source.currentVersion();
        } catch (IOException | RuntimeException e) {
            LOG.warn("model store {} unreachable: {}; still serving {}", source.describe(), e.getMessage(),
                    registry.current().map(ServingModel::version).orElse("nothing"));
            return;
        }
        if (current.isEmpty() || current.get().equals(lastSeenCurrent)) {
            return;
        }
        lastSeenCurrent = current.get();
        try {
            load(current.get());
        } catch (ArtifactException e) {
            LOG.error("refused model {} from {}: {}; still serving {}", current.get(), source.describe(),
                    e.getMessage(), registry.current().map(ServingModel::version).orElse("nothing"));
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", folder, e.getMessage());
        }
    }
}
