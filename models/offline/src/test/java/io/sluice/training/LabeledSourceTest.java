package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.ShardManifest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledSourceTest {

    private static List<LabeledBidRequest> rows;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        rows = new ArrayList<>();
        new SyntheticTraffic(SyntheticTraffic.Config.defaults(4)).rows(6).forEachRemaining(rows::add);
    }

    /** Two shards of three rows and a manifest that matches them, edited by {@code edit}. */
    private Path shardFolder(java.util.function.UnaryOperator<ShardManifest.Builder> edit) throws Exception {
        ShardManifest.Builder manifest = ShardManifest.newBuilder().setFormat(ShardFolder.FORMAT)
                .addAllPartners(SyntheticTraffic.partnerIds().stream().sorted().toList());
        for (int s = 0; s < 2; s++) {
            String name = "dt=2026-12-0" + (s + 1) + "/part-0000" + s + ".binpb";
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            try (LabeledRequestWriter writer = new LabeledRequestWriter(file)) {
                for (LabeledBidRequest row : rows.subList(3 * s, 3 * s + 3)) {
                    writer.write(row);
                }
            }
            manifest.addShards(TrainingShard.newBuilder().setFile(name).setRows(3)
                    .setSha256(ModelArtifact.sha256(Files.readAllBytes(file))));
        }
        Files.writeString(dir.resolve(ShardFolder.MANIFEST_FILE), JsonFormat.printer().print(edit.apply(manifest)));
        return dir;
    }

    private static List<LabeledBidRequest> readAll(Path data) throws Exception {
        List<LabeledBidRequest> out = new ArrayList<>();
        try (LabeledSource.Rows read = LabeledSource.of(data).open(false, ProgressBar.hidden())) {
            read.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void aShardFolderYieldsEveryShardsRowsInManifestOrderWithTheManifestsChecksum() throws Exception {
        Path folder = shardFolder(m -> m);
        LabeledSource source = LabeledSource.of(folder);

        try (LabeledSource.Rows read = source.open(false, ProgressBar.hidden())) {
            List<LabeledBidRequest> out = new ArrayList<>();
            read.forEachRemaining(out::add);

            assertThat(out).isEqualTo(rows);
            assertThat(source.provenance(read).getSha256()).isEqualTo(
                    ModelArtifact.sha256(Files.readAllBytes(folder.resolve(ShardFolder.MANIFEST_FILE))));
            assertThat(source.provenance(read).getDescription()).startsWith("shard folder (2 shards)");
        }
        assertThat(source.declaredPartners()).hasSize(SyntheticTraffic.partnerIds().size());
    }

    @Test
    void aShardWhoseBytesChangedIsRefusedNamingIt() throws Exception {
        Path folder = shardFolder(m -> {
            m.getShardsBuilder(1).setSha256("00".repeat(32));
            return m;
        });
        assertThatThrownBy(() -> readAll(folder))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("part-00001.binpb: sha256 is ")
                .hasMessageContaining("shards.json says " + "00".repeat(32));
    }

    @Test
    void aShardWithAnotherRowCountIsRefusedNamingIt() throws Exception {
        Path folder = shardFolder(m -> {
            m.getShardsBuilder(0).setRows(4);
            return m;
        });
        assertThatThrownBy(() -> readAll(folder))
                .isInstanceOf(DataFormatException.class)
                .hasMessageEndingWith("part-00000.binpb: holds 3 rows but shards.json says 4");
    }

    @Test
    void aMissingShardIsRefusedBeforeAnyRowIsRead() throws Exception {
        Path folder = shardFolder(m -> m.addShards(TrainingShard.newBuilder().setFile("gone.binpb").setRows(1)));
        assertThatThrownBy(() -> LabeledSource.of(folder))
                .isInstanceOf(DataFormatException.class)
                .hasMessageEndingWith("lists gone.binpb, which is missing");
    }

    @Test
    void aShardOutsideTheFolderIsRefused() throws Exception {
        Path folder = shardFolder(m -> m.addShards(TrainingShard.newBuilder().setFile("../elsewhere.binpb")));
        assertThatThrownBy(() -> LabeledSource.of(folder))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("is not inside the folder");
    }

    @Test
    void aFolderWithoutManifestOrWithAnotherFormatIsRefused() throws Exception {
        assertThatThrownBy(() -> LabeledSource.of(dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir + " has no shards.json; --data takes a .jsonl or .binpb file or a shard folder");
        Path folder = shardFolder(m -> m.setFormat("other/2"));
        assertThatThrownBy(() -> LabeledSource.of(folder))
                .isInstanceOf(DataFormatException.class)
                .hasMessageEndingWith("format is 'other/2', expected " + ShardFolder.FORMAT);
    }

    @Test
    void aRowLabellingAPartnerTheManifestDoesNotListIsRefused() throws Exception {
        Path folder = shardFolder(m -> m.clearPartners().addPartners("only-this-one"));
        assertThatThrownBy(() -> readAll(folder))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("part-00000.binpb row 1: labels partner")
                .hasMessageEndingWith("which shards.json does not list");
    }

    @Test
    void aMissingPathIsRefusedNamingIt() {
        Path missing = dir.resolve("nothing.binpb");
        assertThatThrownBy(() -> LabeledSource.of(missing))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(missing + ": no such file or folder");
    }
}
