package io.sluice.service.decisions;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.DecisionSink;
import io.sluice.service.config.DecisionLogConfig;
import io.sluice.service.config.ModelConfig;
import io.sluice.service.store.S3Clients;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision log: a sample of scored requests, each with what was decided per partner, written by one background
 * thread to {@link DecisionFiles} and, when an S3 location is set, uploaded as each file is finished.
 *
 * <p>A call never waits for it and never fails because of it: the scoring thread only samples, builds the record
 * and offers it to a bounded buffer; when the buffer is full the record is dropped and counted. {@link #close} writes
 * what is buffered, finishes the current file and uploads it, so a stop loses nothing.
 */
public final class DecisionLog implements DecisionSink {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    /** The longest the writer waits for a record before it checks the current file's age and whether to stop. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private final DecisionLogConfig config;
    private final double sampleRate;
    private final BlockingQueue<DecisionRecord> buffer;
    private final Optional<DecisionUploader> uploader;
    private final Clock clock;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong uploadFailures = new AtomicLong();
    private volatile boolean closing;
    private DecisionFiles files;
    private Instant nextFailureLog = Instant.MIN;

    /**
     * A log that keeps records from now on and writes them once {@linkplain #start() started}; its S3 client, when
     * it has a location to upload to, is made from {@code s3}.
     */
    public DecisionLog(DecisionLogConfig config, ModelConfig.S3 s3) {
        this(config, config.s3Location().map(location -> new DecisionUploader(S3Clients.create(s3), location)),
                Clock.systemUTC());
    }

    DecisionLog(DecisionLogConfig config, Optional<DecisionUploader> uploader, Clock clock) {
        this.config = config;
        this.sampleRate = config.sampleRate();
        this.buffer = new ArrayBlockingQueue<>(config.bufferRecords());
        this.uploader = uploader;
        this.clock = clock;
        this.writer = new Thread(this::writeUntilClosed, "decision-log-writer");
        writer.setDaemon(true);
    }

    /** Opens the log's folder, reports what an earlier process left there, and starts the writer. */
    public void start() throws IOException {
        files = new DecisionFiles(config.directory(), config.maxFileSize(), config.maxFileAge(), clock,
                WriterId.ofThisProcess());
        List<Path> abandoned = files.abandoned();
        if (!abandoned.isEmpty()) {
            LOG.warn("decision log: {} file(s) left unfinished by a process that did not stop cleanly, kept as they "
                    + "are (the last record may be cut short): {}", abandoned.size(), abandoned);
        }
        writer.start();
        LOG.info("decision log: sampling {} of scored requests into {}{}", sampleRate, config.directory(),
                uploader.map(u -> ", uploaded to " + u.describe()).orElse(""));
    }

    @Override
    public void decided(BidRequest request, Instant arrival, ScoreResponse response) {
        if (closing || ThreadLocalRandom.current().nextDouble() >= sampleRate) {
            return;
        }
        DecisionRecord record = DecisionRecord.newBuilder()
                .setBidRequest(request)
                .setArrivalTime(Timestamp.newBuilder().setSeconds(arrival.getEpochSecond()).setNanos(arrival.getNano()))
                .setModelVersion(response.getModelVersion())
                .addAllScores(response.getScoresList())
                .setSampleRate(sampleRate)
                .build();
        if (!buffer.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Records written to files. */
    public long written() {
        return written.get();
    }

    /** Records dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records lost because a file could not be written. */
    public long writeFailures() {
        return writeFailures.get();
    }

    /** Files uploaded. */
    public long uploads() {
        return uploads.get();
    }

    /** Upload attempts that failed (the file stays and is tried again after the next file is finished). */
    public long uploadFailures() {
        return uploadFailures.get();
    }

    private void writeUntilClosed() {
        ship();
        try {
            while (!closing || !buffer.isEmpty()) {
                long waitNanos = Math.max(0, Math.min(files.untilDue().toNanos(), MAX_WAIT.toNanos()));
                DecisionRecord record = buffer.poll(waitNanos, TimeUnit.NANOSECONDS);
                if ((record != null && append(record)) | finishIfDue()) {
                    ship();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean append(DecisionRecord record) {
        try {
            boolean finished = files.append(record);
            written.incrementAndGet();
            return finished;
        } catch (IOException e) {
            writeFailures.incrementAndGet();
            reportFailure("cannot write to " + e.getMessage());
            return false;
        }
    }

    private boolean finishIfDue() {
        try {
            return files.finishIfDue();
        } catch (IOException e) {
            reportFailure("cannot finish the current file: " + e);
            return false;
        }
    }

    /** Uploads every finished file in the folder, the ones earlier attempts left behind included. */
    private void ship() {
        if (uploader.isEmpty()) {
            return;
        }
        try {
            for (Path file : files.finished()) {
                try {
                    uploader.get().upload(file);
                    uploads.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    uploadFailures.incrementAndGet();
                    reportFailure("cannot upload " + file.getFileName() + " to " + uploader.get().describe()
                            + " (kept, to be tried again): " + e);
                    return;
                }
            }
        } catch (IOException e) {
            reportFailure("cannot list the finished files: " + e);
        }
    }

    /** One WARN line per minute at most: a full disk or an unreachable bucket fails every attempt. */
    private void reportFailure(String problem) {
        Instant now = clock.instant();
        if (!now.isBefore(nextFailureLog)) {
            nextFailureLog = now.plus(FAILURE_LOG_INTERVAL);
            LOG.warn("decision log: {} (records lost so far: {} unwritten, {} dropped)", problem, writeFailures.get(),
                    dropped.get());
        }
    }

    /** Writes what is buffered, finishes the current file and uploads what is finished, waiting at most {@code wait}. */
    public void close(Duration wait) throws InterruptedException {
        closing = true;
        writer.join(wait.toMillis());
        if (writer.isAlive()) {
            LOG.warn("decision log: still writing after {}; {} buffered record(s) not written", wait, buffer.size());
            return;
        }
        try {
            files.close();
        } catch (IOException e) {
            reportFailure("cannot finish the current file: " + e);
        }
        ship();
    }
}
