package io.sluice.importing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.BadInputException;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.ShardManifest;
import io.sluice.ingest.DecisionLogFraming;
import io.sluice.ingest.DecisionRows;
import io.sluice.ingest.FileProbe;
import io.sluice.ingest.IpinyouLogLines;
import io.sluice.ingest.JoinResult;
import io.sluice.ingest.OpenRtbLogLines;
import io.sluice.ingest.Outcome;
import io.sluice.ingest.OutcomeCsv;
import io.sluice.ingest.OutcomeJoin;
import io.sluice.ingest.OutcomeJsonLines;
import io.sluice.ingest.ParseResult;
import io.sluice.ingest.RequestFormat;
import io.sluice.ingest.RequestRow;
import io.sluice.ingest.ShardLayout;
import io.sluice.ingest.ShardManifests;
import io.sluice.scoring.ScoringException;
import io.sluice.training.ProgressBar;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Imports request and outcome logs into training shards with a grace hash join, in memory bounded whatever the
 * input size: every parsed request and outcome is first spilled to one of {@code joinBuckets} temporary files by a
 * hash of its request id, then each bucket is joined alone, holding only that bucket's outcomes in memory.
 */
public final class LogImport {

    /**
     * Stored input bytes per join bucket (gzip counted as its usual expansion): a bucket's outcomes are held in a hash
     * map while it is joined, and a few MiB of them stay young for the collector and close in the caches.
     */
    static final long BUCKET_INPUT_BYTES = 8L << 20;
    static final long GZIP_EXPANSION = 8;
    static final int MAX_JOIN_BUCKETS = 1024;
    private static final int LINE_BUFFER_BYTES = 1 << 16;

    /** Parses one request line given as UTF-8 bytes. */
    @FunctionalInterface
    private interface RequestLineParser {
        ParseResult<RequestRow> parse(byte[] line, int offset, int length);
    }

    /**
     * What to import and how.
     *
     * @param format      what the request inputs are
     * @param requests    request inputs
     * @param outcomes    outcome inputs (iPinYou: impression logs)
     * @param layout      how rows are sharded
     * @param joinBuckets temporary bucket files of the hash join
     */
    public record Job(RequestFormat format, List<InputFile> requests, List<InputFile> outcomes, ShardLayout layout,
                      int joinBuckets) {
    }

    private final LongFunction<ProgressBar> readBars;
    private final LongFunction<ProgressBar> joinBars;
    private final Clock clock;

    /** An import drawing its read phase's progress with {@code readBars} and its join phase's with {@code joinBars}. */
    public LogImport(LongFunction<ProgressBar> readBars, LongFunction<ProgressBar> joinBars, Clock clock) {
        this.readBars = readBars;
        this.joinBars = joinBars;
        this.clock = clock;
    }

    /** Join buckets enough that each holds about {@link #BUCKET_INPUT_BYTES} of input. */
    public static int joinBucketsFor(List<InputFile> inputs) {
        long bytes = 0;
        for (InputFile input : inputs) {
            bytes += input.name().endsWith(".gz") ? input.sizeBytes() * GZIP_EXPANSION : input.sizeBytes();
        }
        return (int) Math.max(1, Math.min(MAX_JOIN_BUCKETS, (bytes + BUCKET_INPUT_BYTES - 1) / BUCKET_INPUT_BYTES));
    }

    /** Runs {@code job}, writing shards and shards.json into {@code out} (which must be new or empty). */
    public ShardManifest run(Job job, Path out, String description) throws IOException {
        Files.createDirectories(out);
        ImportTally tally = new ImportTally();
        Path spill = Files.createTempDirectory(out, ".import-spill");
        try {
            SpillBuckets requests = partition(job, spill, tally);
            ShardSet shards = new ShardSet(out, job.layout());
            join(job, spill, requests, shards, tally);
            ShardManifest manifest = ShardManifests.of(shards.finish(), shards.partners(), tally.counts(),
                    description, clock.instant());
            ShardManifests.write(out, manifest);
            return manifest;
        } finally {
            deleteSpill(spill, job.joinBuckets());
        }
    }

    /** Phase 1: parses every input, spilling what parses into its bucket; returns the requests' buckets, closed. */
    private SpillBuckets partition(Job job, Path spill, ImportTally tally) throws IOException {
        long total = 0;
        for (InputFile f : job.requests()) {
            total += f.sizeBytes();
        }
        for (InputFile f : job.outcomes()) {
            total += f.sizeBytes();
        }
        ProgressBar bar = readBars.apply(total);
        ByteCounter read = new ByteCounter();
        SpillBuckets requests;
        try (SpillBuckets buckets = SpillBuckets.create(spill, "requests", job.joinBuckets())) {
            for (int file = 0; file < job.requests().size(); file++) {
                if (job.format() == RequestFormat.DECISION_LOG) {
                    readDecisionLog(job, file, read, buckets, tally, bar);
                } else {
                    readRequestLines(job, file, read, buckets, tally, bar);
                }
            }
            requests = buckets;
        }
        try (SpillBuckets buckets = SpillBuckets.create(spill, "outcomes", job.joinBuckets())) {
            for (InputFile file : job.outcomes()) {
                readOutcomeLines(file, job.format(), read, buckets, tally, bar);
            }
        }
        bar.finish(read.bytes(), "read");
        return requests;
    }

    /** Reads request input number {@code index}, spilling its requests. */
    private void readRequestLines(Job job, int index, ByteCounter read, SpillBuckets buckets,
                                  ImportTally tally, ProgressBar bar) throws IOException {
        RequestLineParser parser = job.format() == RequestFormat.IPINYOU_BID
                ? (line, offset, length) -> IpinyouLogLines.bidLine(new String(line, offset, length, UTF_8))
                : OpenRtbLogLines::parse;
        String expected = job.format().description();
        InputFile file = job.requests().get(index);
        FileProbe probe = new FileProbe(file.name(), expected);
        try (InputStream in = file.open(read)) {
            ByteLines lines = new ByteLines(in, LINE_BUFFER_BYTES);
            long number = 0;
            while (lines.next()) {
                number++;
                tally.requestRead();
                checkText(file, number, lines, expected);
                spill(job, parser.parse(lines.buffer(), lines.start(), lines.length()), index, number, probe,
                        buckets, tally);
                bar.update(read.bytes(), file.name());
            }
        }
        probe.finished();
    }

    /**
     * Spills a request parsed from line (or record) {@code number} of request input {@code file} into its bucket, or
     * counts its rejection.
     */
    private static void spill(Job job, ParseResult<RequestRow> parsed, int file, long number, FileProbe probe,
                              SpillBuckets buckets, ImportTally tally) throws IOException {
        if (parsed.ok()) {
            probe.accepted();
            SpillCodec.writeRequest(buckets.forRecordOf(parsed.row().requestId()), parsed.row(), file, number);
        } else {
            probe.rejected(parsed.rejection());
            tally.rejected(requestLocation(job, file, number), parsed.rejection());
        }
    }

    /** Where a request was logged, as rejections name it: "file:line", or "file:record N" in a decision log. */
    private static String requestLocation(Job job, int file, long number) {
        String name = job.requests().get(file).name();
        return job.format() == RequestFormat.DECISION_LOG ? name + ":record " + number : name + ":" + number;
    }

    /** Reads request input number {@code index}, a decision log, spilling its requests. */
    private void readDecisionLog(Job job, int index, ByteCounter read, SpillBuckets buckets,
                                 ImportTally tally, ProgressBar bar) throws IOException {
        InputFile file = job.requests().get(index);
        FileProbe probe = new FileProbe(file.name(), RequestFormat.DECISION_LOG.description());
        try (InputStream in = file.open(read)) {
            long number = 0;
            for (int first; (first = in.read()) != -1; ) {
                number++;
                tally.requestRead();
                DecisionRecord record = DecisionLogFraming.read(first, in, file.name() + ": record " + number);
                spill(job, DecisionRows.toRequestRow(record), index, number, probe, buckets, tally);
                bar.update(read.bytes(), file.name());
            }
        }
        probe.finished();
    }

    private static void readOutcomeLines(InputFile file, RequestFormat format, ByteCounter read,
                                         SpillBuckets buckets, ImportTally tally, ProgressBar bar)
            throws IOException {
        boolean ipinyou = format == RequestFormat.IPINYOU_BID;
        String expected = ipinyou ? "an iPinYou impression log" : "an outcome log (JSON Lines or CSV)";
        FileProbe probe = new FileProbe(file.name(), expected);
        try (BufferedReader lines = reader(file, read)) {
            long number = 0;
            Function<String, ParseResult<Outcome>> parser = ipinyou ? IpinyouLogLines::impressionLine : null;
            for (String line; (line = lines.readLine()) != null; ) {
                number++;
                checkText(file, number, line, expected);
                if (parser == null) {
                    if (line.startsWith("{")) {
                        parser = OutcomeJsonLines::parse;
                    } else {
                        ParseResult<OutcomeCsv> header = OutcomeCsv.fromHeader(line);
                        if (!header.ok()) {
                            throw new BadInputException(file.name() + ": not " + expected + ": "
                                    + header.rejection());
                        }
                        parser = header.row()::parse;
                        continue;
                    }
                }
                tally.outcomeRead();
                ParseResult<Outcome> parsed = parser.apply(line);
                if (parsed.ok()) {
                    probe.accepted();
                    SpillCodec.writeOutcome(buckets.forRecordOf(parsed.row().requestId()), parsed.row());
                } else {
                    probe.rejected(parsed.rejection());
                    tally.rejected(file.name() + ":" + number, parsed.rejection());
                }
                bar.update(read.bytes(), file.name());
            }
        }
        probe.finished();
    }

    /** Phase 2: joins each bucket's requests with its outcomes, held in memory one bucket at a time. */
    private void join(Job job, Path spill, SpillBuckets requests, ShardSet shards, ImportTally tally)
            throws IOException {
        ProgressBar bar = joinBars.apply(requests.records());
        long joined = 0;
        for (int b = 0; b < job.joinBuckets(); b++) {
            // Sized for every request id of the bucket up front: growing a hash map rehashes all it holds.
            Map<String, RequestOutcomes> outcomes = new HashMap<>((int) (requests.records(b) / 0.75) + 1);
            try (DataInputStream in = spillReader(spill, "outcomes", b)) {
                for (Outcome o; (o = SpillCodec.readOutcome(in)) != null; ) {
                    outcomes.computeIfAbsent(o.requestId(), id -> new RequestOutcomes()).add(o);
                }
            }
            try (DataInputStream in = spillReader(spill, "requests", b)) {
                for (SpilledRequest spilled; (spilled = SpillCodec.readRequest(in)) != null; ) {
                    joined++;
                    RequestRow request = spilled.keyed();
                    RequestOutcomes its = outcomes.computeIfAbsent(request.requestId(), id -> new RequestOutcomes());
                    if (!its.join()) {
                        tally.rejected(requestLocation(job, spilled.file(), spilled.number()), "request '"
                                + ScoringException.shortened(request.requestId())
                                + "': logged more than once; the first is kept");
                        continue;
                    }
                    JoinResult result = OutcomeJoin.labels(request, its.outcomes(), job.format().absentOutcome());
                    for (String rejection : result.rejections()) {
                        tally.rejected(requestLocation(job, spilled.file(), spilled.number()), rejection);
                    }
                    if (result.labelled()) {
                        shards.write(result.row(), request.requestId(), spilled.request());
                        tally.rowWritten();
                    } else {
                        tally.requestUnmatched();
                    }
                    if (bar.isDue()) {
                        bar.update(joined, "bucket " + (b + 1) + "/" + job.joinBuckets());
                    }
                }
            }
            for (RequestOutcomes its : outcomes.values()) {
                if (!its.joined()) {
                    tally.outcomesUnmatched(its.outcomes().size());
                }
            }
            Files.delete(spill.resolve(SpillBuckets.fileName("requests", b)));
            Files.delete(spill.resolve(SpillBuckets.fileName("outcomes", b)));
        }
        bar.finish(joined, "joined");
    }

    private static BufferedReader reader(InputFile file, ByteCounter read) throws IOException {
        return new BufferedReader(new InputStreamReader(file.open(read), UTF_8), 1 << 16);
    }

    /** A NUL is never in a text log: the file is binary (or compressed in a way not recognised). */
    private static void checkText(InputFile file, long number, String line, String expected) {
        if (line.indexOf('\0') >= 0) {
            throw notText(file, number, expected);
        }
    }

    private static void checkText(InputFile file, long number, ByteLines line, String expected) {
        byte[] bytes = line.buffer();
        for (int i = line.start(), end = line.start() + line.length(); i < end; i++) {
            if (bytes[i] == 0) {
                throw notText(file, number, expected);
            }
        }
    }

    private static BadInputException notText(InputFile file, long number, String expected) {
        return new BadInputException(file.name() + ": not " + expected + ": binary data at line " + number);
    }

    private static DataInputStream spillReader(Path spill, String kind, int bucket) throws IOException {
        return new DataInputStream(new BufferedInputStream(
                Files.newInputStream(spill.resolve(SpillBuckets.fileName(kind, bucket))), 1 << 16));
    }

    private static void deleteSpill(Path spill, int buckets) throws IOException {
        for (int b = 0; b < buckets; b++) {
            Files.deleteIfExists(spill.resolve(SpillBuckets.fileName("requests", b)));
            Files.deleteIfExists(spill.resolve(SpillBuckets.fileName("outcomes", b)));
        }
        Files.deleteIfExists(spill);
    }
}
