package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.offline.ImportCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job and {@code sluice import} on the same logs, each with its default options, write the same training set: the
 * same shard files with the same rows, partners and counts. Only each shard's row order (and so its SHA-256) differs: sluice import writes a shard
 * in its hash join's bucket order, the job in request id order; trainers read a shard whole.
 */
class SameAsSluiceImportTest {

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(SameAsSluiceImportTest.class.getSimpleName());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void openRtbLogsWithJsonAndCsvOutcomesPlainAndGzip() throws IOException {
        new SampleLogs(19, 1500).writeOpenRtb(dir);

        assertSameImport("--format", "openrtb-json", "--requests", dir.resolve("requests-*").toString(),
                "--outcomes", dir.resolve("outcomes.jsonl").toString(), dir.resolve("outcomes-csv.gz").toString());
    }

    @Test
    void decisionLog() throws IOException {
        new SampleLogs(20, 600).writeDecisionLog(dir);

        assertSameImport("--format", "decision-log", "--requests", dir.resolve("decisions.binpb.gz").toString(),
                "--outcomes", dir.resolve("outcomes.jsonl").toString());
    }

    @Test
    void ipinyouBidAndImpressionLogs() throws IOException {
        new SampleLogs(21, 600).writeIpinyou(dir);

        assertSameImport("--format", "ipinyou-bid", "--requests", dir.resolve("bid.txt").toString(),
                "--impressions", dir.resolve("imp.txt").toString());
    }

    private void assertSameImport(String... input) {
        Path single = dir.resolve("sluice-import");
        Path cluster = dir.resolve("spark");
        StringWriter singleErr = new StringWriter();
        int singleExit = new CommandLine(new ImportCommand()).setErr(new PrintWriter(singleErr))
                .setOut(new PrintWriter(new StringWriter()))
                .execute(arguments(input, "--out", single.toString()));
        RunJob job = new RunJob(spark);
        int jobExit = job.run(arguments(input, "--out", cluster.toString(), "--max-rejected-share", "0.2"));

        assertThat(singleExit).as(singleErr.toString()).isZero();
        assertThat(jobExit).as(job.err()).isZero();
        ShardFolder expected = ShardFolder.read(single);
        ShardFolder actual = ShardFolder.read(cluster);
        ImportCounts expectedCounts = expected.manifest().getCounts();
        assertThat(expectedCounts.getRejected()).as("the sample has bad lines").isPositive();
        assertThat(expected.manifest().getShardsCount()).as("the sample spans days and parts").isGreaterThan(4);
        assertThat(actual.manifest().getCounts().toBuilder().clearFirstRejections().build())
                .isEqualTo(expectedCounts.toBuilder().clearFirstRejections().build());
        assertThat(actual.manifest().getCounts().getFirstRejectionsCount())
                .isEqualTo(expectedCounts.getFirstRejectionsCount());
        assertThat(actual.manifest().getPartnersList()).isEqualTo(expected.manifest().getPartnersList());
        assertThat(withoutSha256(actual)).isEqualTo(withoutSha256(expected));
        for (TrainingShard shard : expected.manifest().getShardsList()) {
            assertThat(byRequestId(actual.rows(shard))).as(shard.getFile())
                    .isEqualTo(byRequestId(expected.rows(shard)));
        }
    }

    private static String[] arguments(String[] input, String... more) {
        List<String> all = new ArrayList<>(List.of(input));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Map<String, TrainingShard> withoutSha256(ShardFolder folder) {
        return folder.manifest().getShardsList().stream()
                .map(shard -> shard.toBuilder().clearSha256().build())
                .collect(Collectors.toMap(TrainingShard::getFile, Function.identity()));
    }

    private static List<LabeledBidRequest> byRequestId(List<LabeledBidRequest> rows) {
        return rows.stream().sorted(Comparator.comparing(row -> row.getRequest().getId())).toList();
    }
}
