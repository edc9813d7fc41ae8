package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The decision log as the training pipeline reads it: what was answered, request by request, in length-delimited
 * files, uploaded to S3 under an hourly partition, with nothing lost when the server stops.
 */
class DecisionLogTest {

    private static final String KEY_PATTERN =
            "decisions/dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/decisions-\\d{8}T\\d{6}Z-[A-Za-z0-9._-]+-\\d{6}\\.binpb";

    @TempDir
    Path folder;

    @Test
    void everyCallOfBothKindsIsLoggedAsAnsweredAndUploadedByTheStop() throws Exception {
        System.setProperty("aws.accessKeyId", S3TestStore.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestStore.SECRET_KEY);
        try (S3TestStore s3 = new S3TestStore()) {
            s3.client().createBucket(b -> b.bucket("logs"));
            RunningServer running = RunningServer.inProcess(Map.of("thrift.enabled", "false",
                    "decision-log.sample-rate", "1",
                    "decision-log.directory", folder.toString(),
                    "decision-log.s3-location", "s3://logs/decisions/",
                    "model.s3.endpoint", s3.endpoint().toString(),
                    "model.s3.path-style", "true"));
            Map<String, ScoreResponse> answered = new HashMap<>();
            ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(running.channel);
            for (int i = 0; i < 30; i++) {
                ScoreResponse response = scorer.score(Requests.scoreRequest("unary-" + i));
                answered.put(response.getRequestId(), response);
            }
            ScoreBatchRequest.Builder batch = ScoreBatchRequest.newBuilder();
            for (int i = 0; i < 10; i++) {
                batch.addRequests(Requests.scoreRequest("batch-" + i, "1458", "3358"));
            }
            for (ScoreOutcome outcome : scorer.scoreBatch(batch.build()).getOutcomesList()) {
                answered.put(outcome.getRequestId(), outcome.getResponse());
            }

            running.server.stop();
            running.close();

            List<String> keys = s3.client().listObjectsV2(b -> b.bucket("logs")).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(keys).isNotEmpty().allMatch(key -> key.matches(KEY_PATTERN), "matches " + KEY_PATTERN);
            List<DecisionRecord> records = new ArrayList<>();
            for (String key : keys) {
                try (InputStream in = s3.client().getObject(b -> b.bucket("logs").key(key))) {
                    records.addAll(readAll(in));
                }
            }
            assertThat(records).hasSize(40);
            for (DecisionRecord record : records) {
                ScoreResponse response = answered.get(record.getBidRequest().getId());
                assertThat(record.getBidRequest()).isEqualTo(Requests.bidRequest(record.getBidRequest().getId()));
                assertThat(record.getArrivalTime().getSeconds()).isEqualTo(
                        Requests.TUESDAY_14H_UTC8.getEpochSecond());
                assertThat(record.getModelVersion()).isEqualTo(response.getModelVersion());
                assertThat(record.getScoresList()).isEqualTo(response.getScoresList());
                assertThat(record.getSampleRate()).isEqualTo(1.0);
            }
            try (Stream<Path> left = Files.list(folder)) {
                assertThat(left).as("files left after upload").isEmpty();
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void withoutABucketTheLogStaysInItsFolderInFilesBoundedBySize() throws Exception {
        RunningServer running = RunningServer.inProcess(Map.of("thrift.enabled", "false",
                "decision-log.sample-rate", "1",
                "decision-log.directory", folder.toString(),
                "decision-log.max-file-size", "1KiB"));
        ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(running.channel);
        for (int i = 0; i < 20; i++) {
            scorer.score(Requests.scoreRequest("local-" + i));
        }
        PrometheusScrape scrape = PrometheusScrape.of(running.server.adminPort());
        assertThat(scrape.has("sluice_decision_log_records_total")).isTrue();
        assertThat(scrape.has("sluice_decision_log_dropped_total")).isTrue();
        running.server.stop();
        running.close();

        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(1).allMatch(f -> f.getFileName().toString().endsWith(".binpb"));
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            // A file is finished at the first record that takes it to the limit: at most one record beyond it.
            assertThat(Files.size(file)).isLessThan(1024 + 2048);
            try (InputStream in = Files.newInputStream(file)) {
                readAll(in).forEach(r -> ids.add(r.getBidRequest().getId()));
            }
        }
        assertThat(ids).containsExactlyElementsOf(IntStream.range(0, 20)
                .mapToObj(i -> "local-" + i).toList());
    }

    private static List<DecisionRecord> readAll(InputStream in) throws IOException {
        List<DecisionRecord> records = new ArrayList<>();
        DecisionRecord record;
        while ((record = DecisionRecord.parseDelimitedFrom(in)) != null) {
            records.add(record);
        }
        return records;
    }
}
