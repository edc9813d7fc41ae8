package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.service.SluiceServer;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceCliTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    @Test
    void generatedDataTrainsAnArtifactThatTheServerServes() throws Exception {
        // The binary format here; TrainingPipelineTest goes through JSON Lines.
        Path data = dir.resolve("data.binpb");
        Path artifact = dir.resolve("model");
        assertThat(cli.run("generate", "--rows", "3000", "--seed", "5", "--out", data.toString())).isZero();
        assertThat(cli.run("train", "--data", data.toString(), "--out", artifact.toString(),
                "--model-version", "cli-test", "--epochs", "1", "--hidden", "8")).isZero();

        ModelArtifact trained = ModelArtifact.read(ArtifactFiles.directory(artifact), 1L << 30);
        assertThat(trained.manifest().getTrainingData().getTrainRows()).isEqualTo(2400);
        assertThat(trained.manifest().getTrainingData().getSha256())
                .isEqualTo(ModelArtifact.sha256(Files.readAllBytes(data)));
        assertThat(trained.manifest().getMetricsList()).extracting(m -> m.getPartnerId()).contains("*", "3358");
        assertThat(trained.manifest().getTrainedWith().getLibrariesMap()).containsKey("deeplearning4j");
        assertThat(cli.out()).contains("trained all 1 epochs; kept epoch 1", "partner *", "wrote " + artifact);

        SluiceServer server = new SluiceServer(SluiceConfig.from(Settings.load(null, java.util.Map.of())
                .with("grpc.bind-address", "127.0.0.1", "test").with("grpc.port", "0", "test")
                .with("admin.bind-address", "127.0.0.1", "test").with("admin.port", "0", "test")
                .with("thrift.enabled", "false", "test").with("model.location", artifact.toString(), "test")));
        server.start();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            server.loadConfiguredModel();
            ScoreResponse response = ScorerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .score(io.sluice.api.v1.ScoreRequest.newBuilder()
                            .setBidRequest(io.sluice.api.v1.BidRequest.newBuilder().setId("x")
                                    .addImp(io.sluice.api.v1.Imp.getDefaultInstance()))
                            .build());
            assertThat(response.getModelVersion()).isEqualTo("cli-test");
            assertThat(response.getScoresCount()).isEqualTo(9);
        } finally {
            channel.shutdownNow();
            server.stop();
        }
    }

    @Test
    void trainingDataWithABadLineFailsNamingTheLine() throws Exception {
        Path data = dir.resolve("data.jsonl");
        assertThat(cli.run("generate", "--rows", "20", "--out", data.toString())).isZero();
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(data));
        lines.set(6, "{\"request\": {\"id\": 12, \"imp\": \"not a list\"}");
        Files.write(data, lines);

        int exit = cli.run("train", "--data", data.toString(), "--out", dir.resolve("m").toString(),
                "--model-version", "x");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("line 7").contains("not a LabeledBidRequest");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void badSettingExitsWithUsageErrorNamingTheKey() {
        int exit = cli.run("serve", "--set", "grpc.port=fifty");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("grpc.port must be a port number from 0 to 65535, got 'fifty' (from --set)");
    }

    @Test
    void helpListsEverySubcommand() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("serve", "generate", "train", "score", "legacy-filter", "health");
    }
}
