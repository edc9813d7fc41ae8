package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardLayout;
import io.sluice.ingest.ShardManifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void aFolderThatHoldsAnImportAlreadyIsRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("shards"));
        Files.writeString(out.resolve(ShardManifests.FILE_NAME), "{}");
        Path requests = write("requests.log", "2026-12-01T10:00:00Z\t{\"id\":\"r1\"," + IMP + "}");
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", requests.toString(), "--format", "openrtb-json",
                "--outcomes", requests.toString(), "--out", out.toString());

        assertThat(exit).isEqualTo(SparkImportJob.EXIT_BAD_INPUT);
        assertThat(job.err()).contains("shards.json exists: write each import to a new folder");
    }

    @Test
    void aMissingInputPathIsBadInputInOneLine() {
        RunJob job = new RunJob(spark);

        int exit = job.run("--requests", dir.resolve("nothing-*.log").toString(), "--format", "openrtb-json",
                "--outcomes", dir.resolve("none.jsonl").toString(), "--out", dir.resolve("shards").toString());

        assertThat(exit).isEqualTo(SparkImportJob.EXIT_BAD_INPUT);
        assertThat(job.err().strip()).doesNotContain("\n").contains("nothing-*.log");
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }
}
