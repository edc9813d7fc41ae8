package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardLayout;
import io.sluice.ingest.ShardManifests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job on a few hand-written lines in local[2]: what each line becomes, and when the job refuses to finish. */
class SparkImportTest {

    private static final String IMP = "\"imp\":[{\"id\":\"1\",\"tagid\":\"slot-9\",\"banner\":{\"w\":300,\"h\":250}}]";
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(SparkImportTest.class.getSimpleName());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void everyLineIsJoinedUnmatchedOrRejectedAndRowsLandInTheirArrivalDaysShard() throws IOException {
        Path requests = write("requests.log",
                "2026-12-01T10:00:00Z\t{\"id\":\"r1\"," + IMP + "}",
                "2026-12-01T11:00:00Z\t{\"id\":\"r2\"," + IMP + "}",
                "2026-12-02T09:00:00Z\t{\"id\":\"r3\"," + IMP + "}",
                "not a request line");
        Path outcomes = write("outcomes.jsonl",
                "{\"request_id\":\"r1\",\"partner_id\":\"dsp-a\",\"bid\":true,\"price\":1.5}",
                "{\"request_id\":\"r1\",\"partner_id\":\"dsp-b\",\"bid\":false}",
                "{\"request_id\":\"r2\",\"partner_id\":\"dsp-a\",\"bid\":true}",
                "{\"request_id\":\"r2\",\"partner_id\":\"dsp-a\",\"bid\":false}",
                "{\"request_id\":\"r9\",\"partner_id\":\"dsp-a\",\"bid\":true}",
                "{\"request_id\":");
        Path out = dir.resolve("shards");
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", requests.toString(), "--format", "openrtb-json",
                "--outcomes", outcomes.toString(), "--out", out.toString(), "--parts-per-day", "4",
                "--max-rejected-share", "0.5");

        assertThat(exit).as(job.err()).isZero();
        ShardFolder folder = ShardFolder.read(out);
        ImportCounts counts = folder.manifest().getCounts();
        assertThat(counts.getRequestsRead()).isEqualTo(4);
        assertThat(counts.getOutcomesRead()).isEqualTo(6);
        assertThat(counts.getRowsWritten()).isEqualTo(1);
        assertThat(counts.getRequestsUnmatched()).as("r2 (its outcomes conflict) and r3 (none)").isEqualTo(2);
        assertThat(counts.getOutcomesUnmatched()).as("r9").isEqualTo(1);
        assertThat(counts.getRejected()).as("a bad request line, r2's two conflicting outcomes, a bad outcome line")
                .isEqualTo(4);
        assertThat(counts.getFirstRejectionsList()).hasSize(4)
                .anySatisfy(r -> assertThat(r).contains("outcomes.jsonl:6: not valid JSON"))
                .anySatisfy(r -> assertThat(r).contains("requests.log:4: expected an arrival time"));
        assertThat(folder.manifest().getPartnersList()).containsExactly("dsp-a", "dsp-b");

        TrainingShard shard = folder.manifest().getShards(0);
        assertThat(folder.manifest().getShardsList()).hasSize(1);
        assertThat(shard.getFile()).isEqualTo("dt=2026-12-01/part-%05d.binpb", new ShardLayout(4).part("r1"));
        assertThat(shard.getRows()).isEqualTo(1);
        assertThat(shard.getSha256()).isEqualTo(Sha256.of(out.resolve(shard.getFile())));
        LabeledBidRequest row = folder.rows(shard).get(0);
        assertThat(row.getRequest().getId()).isEqualTo("r1");
        assertThat(row.getBidsMap()).containsOnly(entry("dsp-a", true), entry("dsp-b", false));
        assertThat(job.out()).contains("wrote 1 rows in 1 shards");
    }

    @Test
    void moreRejectedLinesThanAllowedFailInOneLineWithoutManifest() throws IOException {
        Path requests = write("requests.log", "2026-12-01T10:00:00Z\t{\"id\":\"r1\"," + IMP + "}", "garbage");
        Path outcomes = write("outcomes.jsonl", "{\"request_id\":\"r1\",\"partner_id\":\"dsp-a\",\"bid\":true}");
        Path out = dir.resolve("shards");
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", requests.toString(), "--format", "openrtb-json",
                "--outcomes", outcomes.toString(), "--out", out.toString(), "--max-rejected-share", "0.2");

        assertThat(exit).isEqualTo(SparkImportJob.EXIT_BAD_INPUT);
        assertThat(job.err().strip()).doesNotContain("\n")
                .startsWith("sluice-spark-import: 1 of 3 lines rejected (33.33%, more than --max-rejected-share 0.2)")
                .contains("requests.log:2: ");
        assertThat(out.resolve(ShardManifests.FILE_NAME)).doesNotExist();
    }

    @Test
    void aFolderThatIsNotEmptyIsRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("shards"));
        Files.writeString(out.resolve("part-00000.binpb"), "left by an earlier run");
        Path requests = write("requests.log", "2026-12-01T10:00:00Z\t{\"id\":\"r1\"," + IMP + "}");
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", requests.toString(), "--format", "openrtb-json",
                "--outcomes", requests.toString(), "--out", out.toString());

        assertThat(exit).isEqualTo(SparkImportJob.EXIT_BAD_INPUT);
        assertThat(job.err()).contains("not empty (an import writes a new folder)");
    }

    @Test
    void aMissingInputPathIsBadInputInOneLine() {
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", dir.resolve("nothing-*.log").toString(), "--format", "openrtb-json",
                "--outcomes", dir.resolve("none.jsonl").toString(), "--out", dir.resolve("shards").toString());

        assertThat(exit).isEqualTo(SparkImportJob.EXIT_BAD_INPUT);
        assertThat(job.err().strip()).doesNotContain("\n").contains("nothing-*.log");
    }

    @Test
    void decisionLogLabelsOnlyThePartnersItSentToAndKeepsExplorationProbabilities() throws IOException {
        Path log = dir.resolve("decisions.binpb.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(log))) {
            decision("r1", score("dsp-a", Decision.DECISION_SEND, 0.1), score("dsp-b", Decision.DECISION_SKIP, 0),
                    score("dsp-c", Decision.DECISION_SEND, 0)).writeDelimitedTo(out);
        }
        Files.write(dir.resolve("decisions-2.binpb"),
                delimited(decision("r2", score("dsp-a", Decision.DECISION_SEND, 0))));
        Path outcomes = write("outcomes.jsonl",
                "{\"request_id\":\"r1\",\"partner_id\":\"dsp-a\",\"bid\":true}",
                "{\"request_id\":\"r1\",\"partner_id\":\"dsp-b\",\"bid\":false}");
        Path out = dir.resolve("shards");
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", dir.resolve("decisions*").toString(), "--format", "decision-log",
                "--outcomes", outcomes.toString(), "--out", out.toString(), "--max-rejected-share", "0.5");

        assertThat(exit).as(job.err()).isZero();
        ShardFolder folder = ShardFolder.read(out);
        assertThat(folder.rows()).singleElement().satisfies(row -> {
            assertThat(row.getBidsMap()).as("dsp-b was skipped, dsp-c has no outcome").containsOnly(entry("dsp-a", true));
            assertThat(row.getExplorationProbabilityMap()).containsOnly(entry("dsp-a", 0.1));
        });
        assertThat(folder.manifest().getCounts().getRequestsRead()).isEqualTo(2);
        assertThat(folder.manifest().getCounts().getRequestsUnmatched()).as("r2").isEqualTo(1);
        assertThat(folder.manifest().getCounts().getFirstRejectionsList()).singleElement().asString()
                .endsWith("decisions.binpb.gz:record 1: request 'r1': outcome for partner 'dsp-b', to which it was "
                        + "not sent");
    }

    @Test
    void aTruncatedDecisionLogFailsNamingTheFileAndRecord() throws IOException {
        byte[] whole = delimited(decision("r1", score("dsp-a", Decision.DECISION_SEND, 0)));
        Path truncated = Files.write(dir.resolve("decisions.binpb"), Arrays.copyOf(whole, whole.length - 3));
        Path outcomes = write("outcomes.jsonl", "{\"request_id\":\"r1\",\"partner_id\":\"dsp-a\",\"bid\":true}");
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", truncated.toString(), "--format", "decision-log",
                "--outcomes", outcomes.toString(), "--out", dir.resolve("shards").toString());

        assertThat(exit).isEqualTo(SparkImportJob.EXIT_BAD_INPUT);
        assertThat(job.err().strip()).doesNotContain("\n")
                .endsWith("decisions.binpb: record 1: the file ends inside it (truncated)");
    }

    @Test
    void ipinyouBidsWithoutAnImpressionAreLosses() throws IOException {
        Path bids = write("bid.20130606.txt", ipinyou("b1", "20130606000104828", "1458"),
                ipinyou("b2", "20130606000105032", "3358"));
        Path impressions = write("imp.20130606.txt", impression("b1", "20130606000104900", "1458"));
        Path out = dir.resolve("shards");
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", bids.toString(), "--format", "ipinyou-bid", "--impressions",
                impressions.toString(), "--out", out.toString());

        assertThat(exit).as(job.err()).isZero();
        assertThat(ShardFolder.read(out).rows())
                .extracting(row -> row.getRequest().getId(), LabeledBidRequest::getBidsMap)
                .containsExactlyInAnyOrder(tuple("b1", Map.of("1458", true)), tuple("b2", Map.of("3358", false)));
    }

    /** A bid log line (21 columns) for {@code advertiser}. */
    private static String ipinyou(String bidId, String timestamp, String advertiser) {
        return String.join("\t", bidId, timestamp, "Vh16OwT6OQNUXbj", "Mozilla/5.0", "180.127.189.*", "80", "85",
                "2", "trqRTJkrBoq7JsNr5SqfNX", "c0ce24f6bba8d3f4", "null", "slot-1", "300", "250", "FirstView", "0",
                "0", "5c5b3bc3", "300", advertiser, "10057,10059");
    }

    /** An impression log line (24 columns: logtype after the timestamp, payprice and keypage after bidprice). */
    private static String impression(String bidId, String timestamp, String advertiser) {
        return String.join("\t", bidId, timestamp, "1", "Vh16OwT6OQNUXbj", "Mozilla/5.0", "180.127.189.*", "80", "85",
                "2", "trqRTJkrBoq7JsNr5SqfNX", "c0ce24f6bba8d3f4", "null", "slot-1", "300", "250", "FirstView", "0",
                "0", "5c5b3bc3", "300", "68", "null", advertiser, "10057,10059");
    }

    private static DecisionRecord decision(String requestId, PartnerScore... scores) {
        return DecisionRecord.newBuilder()
                .setBidRequest(BidRequest.newBuilder().setId(requestId)
                        .addImp(Imp.newBuilder().setId("1").setTagid("slot-9")))
                .setArrivalTime(Timestamps.fromMillis(1_796_126_130_250L))
                .addAllScores(List.of(scores))
                .setSampleRate(1)
                .build();
    }

    private static PartnerScore score(String partner, Decision decision, double explorationProbability) {
        // An exploration send is one the model would have skipped: its likelihood is below the threshold.
        return PartnerScore.newBuilder().setPartnerId(partner).setDecision(decision).setLikelihood(0.1)
                .setThreshold(0.5).setExploration(explorationProbability > 0)
                .setExplorationProbability(explorationProbability).build();
    }

    private static byte[] delimited(DecisionRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        record.writeDelimitedTo(bytes);
        return bytes.toByteArray();
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }
}
