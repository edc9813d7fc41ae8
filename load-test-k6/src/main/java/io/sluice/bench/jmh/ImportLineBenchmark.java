package io.sluice.bench.jmh;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.Segment;
import io.sluice.ingest.AbsentOutcome;
import io.sluice.ingest.JoinResult;
import io.sluice.ingest.OpenRtbLogLines;
import io.sluice.ingest.Outcome;
import io.sluice.ingest.OutcomeJoin;
import io.sluice.ingest.OutcomeJsonLines;
import io.sluice.ingest.ParseResult;
import io.sluice.ingest.RequestRow;
import io.sluice.ingest.ShardWriter;
import io.sluice.training.SyntheticTraffic;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-request path of {@code sluice import} on an exchange's OpenRTB JSON log, per request line: parse the line,
 * parse its outcome lines (two partners each), encode the request as the join's bucket file holds it, join, and write
 * the row with those bytes to a shard (sha256 included); against a plain Jackson tree parse of the same line as the
 * same-run baseline. The file I/O of the join's bucket files is not in it (the timed {@code sluice import} run in
 * BENCHMARKS.md covers the whole command). Warm-up is long because on one shared core the JIT compiles slowly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ImportLineBenchmark {

    private static final int LINES = 10_000;
    private static final String[] PARTNERS = {"dsp-a", "dsp-b"};

    private final ObjectMapper jackson = JsonMapper.builder().build();
    private byte[][] requestLines;
    private String[][] outcomeLines;

    @Setup
    public void lines() {
        requestLines = new byte[LINES][];
        outcomeLines = new String[LINES][];
        Iterator<LabeledBidRequest> rows = new SyntheticTraffic(SyntheticTraffic.Config.defaults(42)).rows(LINES);
        for (int i = 0; i < LINES; i++) {
            LabeledBidRequest row = rows.next();
            Instant arrival = Instant.ofEpochSecond(row.getArrivalTime().getSeconds());
            requestLines[i] = (arrival + "\t" + openRtbJson(row.getRequest())).getBytes(UTF_8);
            outcomeLines[i] = new String[PARTNERS.length];
            for (int p = 0; p < PARTNERS.length; p++) {
                boolean bid = (i + p) % 3 == 0;
                outcomeLines[i][p] = "{\"request_id\":\"" + row.getRequest().getId() + "\",\"partner_id\":\""
                        + PARTNERS[p] + "\",\"bid\":" + bid + (bid ? ",\"price\":1.25" : "")
                        + ",\"response_time_ms\":42}";
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long jacksonTreeBaseline() {
        long fields = 0;
        for (byte[] line : requestLines) {
            int tab = indexOfTab(line);
            fields += jackson.readTree(line, tab + 1, line.length - tab - 1).size();
        }
        return fields;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long parseRequestLine() {
        long imps = 0;
        for (byte[] line : requestLines) {
            imps += OpenRtbLogLines.parse(line, 0, line.length).row().request().getImpCount();
        }
        return imps;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long parseJoinWrite() throws IOException {
        try (ShardWriter shard = new ShardWriter("bench.binpb", OutputStream.nullOutputStream())) {
            for (int i = 0; i < LINES; i++) {
                RequestRow request = OpenRtbLogLines.parse(requestLines[i], 0, requestLines[i].length).row();
                List<Outcome> outcomes = new ArrayList<>(PARTNERS.length);
                for (String line : outcomeLines[i]) {
                    ParseResult<Outcome> outcome = OutcomeJsonLines.parse(line);
                    outcomes.add(outcome.row());
                }
                // As the import does: the request's bytes go to the join's bucket file and into the row as they are.
                byte[] spilled = request.request().toByteArray();
                JoinResult joined = OutcomeJoin.labels(request, outcomes, AbsentOutcome.UNLABELLED);
                shard.write(joined.row(), spilled);
            }
            return shard.finish().getRows();
        }
    }

    private static int indexOfTab(byte[] line) {
        for (int i = 0; ; i++) {
            if (line[i] == '\t') {
                return i;
            }
        }
    }

    /** The request as an exchange would log it: OpenRTB 2.5 JSON, floors in currency units. */
    public static String openRtbJson(BidRequest request) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JsonMapper.builder().build().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringProperty("id", request.getId());
            json.writeArrayPropertyStart("imp");
            for (Imp imp : request.getImpList()) {
                json.writeStartObject();
                json.writeStringProperty("id", imp.getId());
                json.writeStringProperty("tagid", imp.getTagid());
                json.writeNumberProperty("bidfloor", imp.getBidfloorMicros() / 1e6);
                json.writeObjectPropertyStart("banner");
                json.writeNumberProperty("w", imp.getBanner().getW());
                json.writeNumberProperty("h", imp.getBanner().getH());
                json.writeNumberProperty("pos", imp.getBanner().getPos());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectPropertyStart("site");
            json.writeStringProperty("domain", request.getSite().getDomain());
            json.writeStringProperty("page", request.getSite().getPage());
            json.writeEndObject();
            json.writeObjectPropertyStart("device");
            json.writeStringProperty("ua", request.getDevice().getUa());
            json.writeStringProperty("ip", request.getDevice().getIp());
            json.writeObjectPropertyStart("geo");
            json.writeStringProperty("region", request.getDevice().getGeo().getRegion());
            json.writeStringProperty("city", request.getDevice().getGeo().getCity());
            json.writeNumberProperty("utcoffset", request.getDevice().getGeo().getUtcoffset());
            json.writeEndObject();
            json.writeEndObject();
            json.writeObjectPropertyStart("user");
            json.writeStringProperty("id", request.getUser().getId());
            json.writeArrayPropertyStart("data");
            for (Data data : request.getUser().getDataList()) {
                json.writeStartObject();
                json.writeStringProperty("id", data.getId());
                json.writeArrayPropertyStart("segment");
                for (Segment segment : data.getSegmentList()) {
                    json.writeStartObject();
                    json.writeStringProperty("id", segment.getId());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
        return text.toString();
    }
}
