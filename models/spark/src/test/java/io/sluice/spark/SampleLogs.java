package io.sluice.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.PartnerScore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Small, seeded logs of each source with every kind of line the import tells apart: joined, unmatched on either
 * side, malformed, a request logged twice, an outcome twice, conflicting outcomes, an outcome for a partner the
 * request was not sent to. Spread over three days, and over plain and gzip files.
 */
final class SampleLogs {

    static final List<String> PARTNERS = List.of("dsp-a", "dsp-b", "dsp-c", "dsp-d");
    private static final Instant START = Instant.parse("2026-11-29T18:00:00Z");
    private static final long SPAN_SECONDS = 3 * 86_400;
    private static final DateTimeFormatter IPINYOU_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private final Random random;
    private final int requests;

    SampleLogs(long seed, int requests) {
        this.random = new Random(seed);
        this.requests = requests;
    }

    /** Request logs {@code requests-1.log} and {@code requests-2.log.gz}, outcomes as JSON Lines and gzip CSV. */
    void writeOpenRtb(Path dir) throws IOException {
        List<String> requestLines = new ArrayList<>();
        List<String> json = new ArrayList<>();
        List<String> csv = new ArrayList<>(List.of("request_id,partner_id,bid,price,response_time_ms"));
        for (int i = 0; i < requests; i++) {
            String id = "r" + i;
            String request = arrival().toString() + "\t{\"id\":\"" + id + "\",\"imp\":[{\"id\":\"1\",\"tagid\":\"slot-"
                    + random.nextInt(20) + "\",\"bidfloor\":0." + random.nextInt(10) + ",\"banner\":{\"w\":300,"
                    + "\"h\":250}}],\"site\":{\"domain\":\"site" + random.nextInt(50) + ".example\"}}";
            requestLines.add(request);
            if (random.nextInt(200) == 0) {
                requestLines.add(request);
            }
            if (random.nextInt(150) == 0) {
                requestLines.add("2026-11-30T00:00:00Z\t{\"id\":\"" + id + "x\",\"imp\":[{\"bidfloor\":\"free\"}]}");
            }
            for (String partner : PARTNERS) {
                if (random.nextBoolean()) {
                    boolean bid = random.nextInt(10) < 3;
                    String price = bid ? "1." + random.nextInt(100) : "";
                    String line = random.nextBoolean() ? jsonOutcome(id, partner, bid, price)
                            : id + "," + partner + "," + bid + "," + price + "," + random.nextInt(200);
                    List<String> file = line.startsWith("{") ? json : csv;
                    file.add(line);
                    int extra = random.nextInt(100);
                    if (extra == 0) {
                        file.add(line);
                    } else if (extra == 1) {
                        json.add(jsonOutcome(id, partner, !bid, ""));
                    }
                }
            }
            if (random.nextInt(100) == 0) {
                json.add(jsonOutcome("unknown-" + i, "dsp-a", true, "2.5"));
            }
            if (random.nextInt(150) == 0) {
                json.add("{\"request_id\":\"" + id + "\",\"bid\":\"maybe\"}");
            }
        }
        int half = requestLines.size() / 2;
        Files.write(dir.resolve("requests-1.log"), requestLines.subList(0, half), UTF_8);
        gzip(dir.resolve("requests-2.log.gz"), requestLines.subList(half, requestLines.size()));
        Files.write(dir.resolve("outcomes.jsonl"), json, UTF_8);
        gzip(dir.resolve("outcomes-csv.gz"), csv);
    }

    /** Sluice's decision log {@code decisions.binpb.gz} (some partners skipped, some explored) and outcomes. */
    void writeDecisionLog(Path dir) throws IOException {
        List<String> outcomes = new ArrayList<>();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("decisions.binpb.gz")))) {
            for (int i = 0; i < requests; i++) {
                String id = "d" + i;
                DecisionRecord.Builder record = DecisionRecord.newBuilder()
                        .setBidRequest(BidRequest.newBuilder().setId(id)
                                .addImp(Imp.newBuilder().setId("1").setTagid("slot-" + random.nextInt(20))))
                        .setArrivalTime(Timestamps.fromMillis(arrival().toEpochMilli()))
                        .setModelVersion("m1")
                        .setSampleRate(0.1);
                for (String partner : PARTNERS) {
                    boolean send = random.nextInt(3) > 0;
                    boolean explored = send && random.nextInt(5) == 0;
                    record.addScores(PartnerScore.newBuilder().setPartnerId(partner)
                            .setLikelihood(random.nextDouble())
                            .setThreshold(0.5)
                            .setDecision(send ? Decision.DECISION_SEND : Decision.DECISION_SKIP)
                            .setExploration(explored)
                            .setExplorationProbability(explored ? 0.05 : 0));
                    // A partner that was skipped rarely has an outcome: the logs disagree, and it is rejected.
                    if (send ? random.nextBoolean() : random.nextInt(20) == 0) {
                        outcomes.add(jsonOutcome(id, partner, random.nextInt(10) < 3, ""));
                    }
                }
                record.build().writeDelimitedTo(out);
                if (random.nextInt(100) == 0) {
                    outcomes.add("{\"request_id\":\"" + id + "\",\"partner_id\":\"dsp-a\"}");
                }
            }
        }
        Files.write(dir.resolve("outcomes.jsonl"), outcomes, UTF_8);
    }

    /** An iPinYou bid log and an impression log for about a third of its bids (and one impression of no bid). */
    void writeIpinyou(Path dir) throws IOException {
        List<String> bids = new ArrayList<>();
        List<String> impressions = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String bidId = "b" + i;
            String time = LocalDateTime.ofInstant(arrival(), ZoneOffset.ofHours(8)).format(IPINYOU_TIME);
            String advertiser = List.of("1458", "2259", "3358").get(random.nextInt(3));
            String common = String.join("\t", "Vh" + random.nextInt(1000), "Mozilla/5.0", "180.127.189.*",
                    "" + random.nextInt(400), "" + random.nextInt(400), "2", "dom" + random.nextInt(30), "url", "null",
                    "slot-" + random.nextInt(20), "300", "250", "FirstView", "0", "" + random.nextInt(100), "creative",
                    "300");
            bids.add(String.join("\t", bidId, time, common, advertiser, "10057,10059"));
            if (random.nextInt(3) == 0) {
                String impression = String.join("\t", bidId, time, "1", common, "" + random.nextInt(300), "null",
                        advertiser, "10057,10059");
                impressions.add(impression);
                if (random.nextInt(50) == 0) {
                    impressions.add(impression);
                }
            }
            if (random.nextInt(100) == 0) {
                bids.add(String.join("\t", bidId + "-cut", time, common));
            }
        }
        impressions.add(impressions.get(0).replaceFirst("^b\\d+", "b-never-bid"));
        Files.write(dir.resolve("bid.txt"), bids, UTF_8);
        Files.write(dir.resolve("imp.txt"), impressions, UTF_8);
    }

    private Instant arrival() {
        return START.plusMillis((long) (random.nextDouble() * SPAN_SECONDS * 1000));
    }

    private static String jsonOutcome(String id, String partner, boolean bid, String price) {
        return "{\"request_id\":\"" + id + "\",\"partner_id\":\"" + partner + "\",\"bid\":" + bid
                + (price.isEmpty() ? "" : ",\"price\":" + price) + "}";
    }

    private static void gzip(Path file, List<String> lines) {
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), UTF_8)) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
