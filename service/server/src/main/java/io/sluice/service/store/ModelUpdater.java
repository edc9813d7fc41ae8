package io.sluice.service.store;

import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.ModelConfig;
import io.sluice.service.config.ValueTypes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry serving a store's current version. At start it retries with backoff until a version loads
 * (serving the bundled model meanwhile if configured); then it polls the store's CURRENT and CANDIDATE pointers and
 * acts on each new value once (an admin call therefore holds until the pointer it overrides changes again). Every
 * load downloads to a temporary folder, verifies checksum and feature spec, warms the model up, and only then swaps
 * it in, as the serving model or as the candidate. A refused or unreachable artifact never replaces the model being
 * served, nor the candidate.
 *
 * <p>A CURRENT naming the candidate or the previous model swaps that model in from memory: promoting through the
 * store (write CURRENT, then clear CANDIDATE) and rolling back through it download nothing. A CANDIDATE that is
 * absent, empty or names the serving version means no candidate.
 *
 * <p>Whatever a load throws, {@link Error}s included (a hostile artifact may exhaust the stack or a memory pool), is
 * a refusal: counted, logged, and the updater goes on polling; while nothing has loaded, any refusal brings in the
 * bundled model if {@code model.fallback-to-bundled} allows. Downloads live in a work folder
 * ({@code sluice-model-*} in the temporary directory) locked for the updater's lifetime; each download is deleted
 * after its load, the work folder on {@link #close}, and at start the work folders of processes that are gone
 * (killed mid-load) are removed.
 */
public final class ModelUpdater implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    static final String WORK_FOLDER_PREFIX = "sluice-model-";
    static final String LOCK_FILE = ".lock";
    /** A work folder without a lock file is spared this long (its process may be about to lock it). */
    private static final Duration UNLOCKED_GRACE = Duration.ofSeconds(10);

    private final ModelSource source;
    private final ModelRegistry registry;
    private final ModelConfig config;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final PointerWatch current;
    private final PointerWatch candidate;
    private final Path tempRoot = Path.of(System.getProperty("java.io.tmpdir"));
    /** This updater's work folder and the lock that marks it in use; created by the first load. */
    private volatile Path workFolder;
    private volatile FileChannel workLock;

    public ModelUpdater(ModelSource source, ModelRegistry registry, ModelConfig config) {
        this.source = source;
        this.registry = registry;
        this.config = config;
        this.current = new PointerWatch("model", config.pollInterval());
        this.candidate = new PointerWatch("candidate model", config.pollInterval());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "model-updater");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the initial load (with backoff) and then polling, in the background. */
    public void start() {
        scheduler.execute(() -> {
            removeLeftoverWorkFolders();
            initialLoad(FIRST_RETRY);
        });
    }

    /**
     * Fetches, verifies, warms up and installs {@code version}; the served model is untouched on failure. Any
     * failure, whatever was thrown, is counted and reported as an {@link ArtifactException}.
     */
    public synchronized ServingModel load(String version) throws ArtifactException {
        ServingModel model = fetch(version);
        registry.install(model);
        loads.incrementAndGet();
        return model;
    }

    /**
     * Fetches, verifies and warms up {@code version} and puts it on trial in place of any candidate; the served model
     * and the candidate are untouched on failure, which is counted as a refusal.
     *
     * @throws IllegalStateException if {@code version} is the one serving
     */
    public synchronized ServingModel loadCandidate(String version) throws ArtifactException {
        if (serving(version)) {
            throw new IllegalStateException("model " + version + " is already serving");
        }
        ServingModel model = fetch(version);
        registry.setCandidate(model);
        loads.incrementAndGet();
        LOG.info("candidate model {} loaded ({} partners)", version, model.partnerIds().size());
        return model;
    }

    /** Ends the candidate's trial, if there is one. */
    public synchronized Optional<ServingModel> clearCandidate() {
        Optional<ServingModel> ended = registry.clearCandidate();
        ended.ifPresent(model -> LOG.info("candidate model {} cleared", model.version()));
        return ended;
    }

    /** Makes the candidate the serving model; the one it replaces becomes the rollback target. */
    public synchronized ServingModel promote() {
        ServingModel model = registry.promote();
        LOG.info("promoted candidate model {}", model.version());
        return model;
    }

    /** Downloads, verifies and warms up {@code version}; any failure, whatever was thrown, is a counted refusal. */
    private ServingModel fetch(String version) throws ArtifactException {
        ModelSource.requireValidVersion(version);
        Path folder = null;
        try {
            folder = Files.createTempDirectory(workFolder(), "load-");
            source.fetch(version, folder, config.serving().maxArtifactBytes());
            ServingModel model = ModelLoader.load(ArtifactFiles.directory(folder, source.describe(version)),
                    config.serving());
            if (!model.version().equals(version)) {
                throw new ArtifactException(source.describe(version) + ": manifest says version '"
                        + model.version() + "'");
            }
            return model;
        } catch (IOException e) {
            refusals.incrementAndGet();
            throw new ArtifactException("cannot fetch " + source.describe(version) + ": " + e.getMessage(), e);
        } catch (ArtifactException e) {
            refusals.incrementAndGet();
            throw e;
        } catch (RuntimeException | Error e) {
            refusals.incrementAndGet();
            throw new ArtifactException("cannot load " + source.describe(version) + ": " + e, e);
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
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Not synchronized: an admin load in progress must not hold up shutdown (it fails, and is refused, instead).
        FileChannel lock = workLock;
        Path folder = workFolder;
        workLock = null;
        workFolder = null;
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.debug("releasing {}: {}", folder, e.getMessage());
            }
        }
        deleteQuietly(folder);
    }

    /** The work folder, created and locked on first use. */
    private Path workFolder() throws IOException {
        if (workFolder == null) {
            Path folder = Files.createTempDirectory(tempRoot, WORK_FOLDER_PREFIX);
            FileChannel lock = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                lock.lock();
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            workFolder = folder;
            workLock = lock;
        }
        return workFolder;
    }

    /**
     * Removes the work folders of processes that are gone: a process killed mid-load (by the OOM killer, or
     * {@code -XX:+ExitOnOutOfMemoryError}) leaves its downloads behind, and a crash loop would fill the disk.
     * A folder whose lock another live process holds is left alone.
     */
    private void removeLeftoverWorkFolders() {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(tempRoot, WORK_FOLDER_PREFIX + "*")) {
            for (Path folder : folders) {
                try {
                    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && !folder.equals(workFolder)
                            && !inUse(folder)) {
                        LOG.info("removing {}, left by an earlier process", folder);
                        deleteQuietly(folder);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot tell whether {} is in use: {}", folder, e.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot look for leftover downloads in {}: {}", tempRoot, e.toString());
        }
    }

    private static boolean inUse(Path folder) throws IOException {
        Path lockFile = folder.resolve(LOCK_FILE);
        if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            // Left by a version without locks, or being set up right now by another process.
            return Files.getLastModifiedTime(folder).toInstant().isAfter(Instant.now().minus(UNLOCKED_GRACE));
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    private void initialLoad(Duration backoff) {
        try {
            Optional<String> version = source.currentVersion();
            if (version.isEmpty()) {
                throw new IOException(source.describe() + " names no current version (" + ModelSource.CURRENT + ")");
            }
            current.seen(version.get());
            load(version.get());
            schedulePolling();
        } catch (Throwable e) {
            // Anything: an exception escaping this task would end the retries silently.
            LOG.warn("model store {}: no model loaded yet ({}); retrying in {}", source.describe(), reason(e),
                    ValueTypes.formatDuration(backoff));
            serveBundledIfAllowed();
            Duration next = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
            scheduleQuietly(() -> initialLoad(next), backoff);
        }
    }

    private void scheduleQuietly(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("model updater closed; not retrying");
        }
    }

    private static String reason(Throwable e) {
        return e instanceof IOException || e instanceof ArtifactException ? e.getMessage() : e.toString();
    }

    private void serveBundledIfAllowed() {
        if (!config.fallbackToBundled() || registry.current().isPresent()) {
            return;
        }
        try {
            registry.install(ModelLoader.bundled(config.serving()));
            LOG.warn("serving the bundled model until the store {} yields a model (model.fallback-to-bundled=true)",
                    source.describe());
        } catch (Throwable e) {
            LOG.error("the bundled model cannot be served either: {}", reason(e));
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
        try {
            pollOnce();
        } catch (Throwable e) {
            // An exception escaping a periodic task would cancel all later polls, silently.
            LOG.error("model store {}: polling failed: {}; still serving {}", source.describe(), e.toString(),
                    servingVersion());
        }
    }

    private void pollOnce() {
        Optional<String> currentVersion;
        Optional<String> candidateVersion;
        try {
            currentVersion = source.currentVersion();
            candidateVersion = source.candidateVersion();
        } catch (IOException | RuntimeException e) {
            LOG.warn("model store {} unreachable: {}; still serving {}", source.describe(), e.getMessage(),
                    servingVersion());
            return;
        }
        if (currentVersion.isPresent()) {
            follow(current, currentVersion.get(), this::serve);
        }
        follow(candidate, candidateVersion.orElse(""), this::tryCandidate);
    }

    /** What the updater does with a pointer's new value. */
    private interface PointerAction {
        void apply(String value) throws ArtifactException;
    }

    private void follow(PointerWatch pointer, String value, PointerAction action) {
        PointerWatch.Due due = pointer.check(value);
        if (due == PointerWatch.Due.NO) {
            return;
        }
        try {
            action.apply(value);
            pointer.succeeded();
        } catch (ArtifactException e) {
            Duration wait = pointer.refused(due);
            LOG.error("refused {} {}: {}; still serving {}; trying it again in {}", pointer.role(), value,
                    e.getMessage(), servingVersion(), ValueTypes.formatDuration(wait));
        }
    }

    /** Serves what CURRENT names: from memory when it is the candidate or the previous model, else by a load. */
    private synchronized void serve(String version) throws ArtifactException {
        if (serving(version)) {
            return;
        }
        Optional<ServingModel> held = registry.candidate().filter(model -> model.version().equals(version))
                .or(() -> registry.previous().filter(model -> model.version().equals(version)));
        if (held.isPresent()) {
            registry.install(held.get());
            LOG.info("CURRENT names {}, held in memory: serving it without a download", version);
        } else {
            load(version);
        }
    }

    /** Puts what CANDIDATE names on trial; none, or the serving version, ends the trial. */
    private synchronized void tryCandidate(String version) throws ArtifactException {
        if (version.isEmpty() || serving(version)) {
            clearCandidate();
        } else if (registry.candidate().map(model -> !model.version().equals(version)).orElse(true)) {
            loadCandidate(version);
        }
    }

    private boolean serving(String version) {
        return registry.current().map(model -> model.version().equals(version)).orElse(false);
    }

    private String servingVersion() {
        return registry.current().map(ServingModel::version).orElse("nothing");
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete {}: {}", folder, e.toString());
        }
    }
}
