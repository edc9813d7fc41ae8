package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.ShardManifest;
import io.sluice.api.v1.TrainingShard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards hold length-delimited rows that read back as written, described by a manifest that round-trips. */
class ShardsTest {

    @TempDir
    Path folder;

    private static LabeledBidRequest row(String id, long arrivalSeconds) {
        return LabeledBidRequest.newBuilder().setRequest(BidRequest.newBuilder().setId(id))
                .setArrivalTime(Timestamps.fromSeconds(arrivalSeconds)).putBids("a", true).build();
    }

    @Test
    void layoutPlacesARowByUtcDayAndRequestIdHash() {
        ShardLayout layout = new ShardLayout(8);
        // 2026-12-01T23:59:59Z and 2026-12-02T00:00:00Z
        String late = layout.fileFor(Timestamps.fromSeconds(1_796_169_599L), "r1");
        String early = layout.fileFor(Timestamps.fromSeconds(1_796_169_600L), "r1");

        assertThat(late).matches("dt=2026-12-01/part-0000[0-7]\\.binpb");
        assertThat(early).isEqualTo(late.replace("2026-12-01", "2026-12-02"));
        assertThat(layout.part("r1")).isEqualTo(new ShardLayout(8).part("r1"));
    }

    @Test
    void writtenShardReadsBackAndItsDescriptionMatchesTheFile() throws IOException {
        List<LabeledBidRequest> rows = List.of(row("r2", 200), row("r1", 100), row("r3", 300));
        TrainingShard shard;
        try (ShardWriter writer = ShardWriter.create(folder, "dt=2026-12-01/part-00000.binpb")) {
            for (LabeledBidRequest r : rows) {
                writer.write(r);
            }
            shard = writer.finish();
        }

        Path file = folder.resolve(shard.getFile());
        List<LabeledBidRequest> read = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (LabeledBidRequest r; (r = LabeledBidRequest.parseDelimitedFrom(in)) != null; ) {
                read.add(r);
            }
        }
        assertThat(read).isEqualTo(rows);
        assertThat(shard.getRows()).isEqualTo(3);
        assertThat(shard.getSha256()).isEqualTo(sha256(file));
        assertThat(shard.getFirstArrival()).isEqualTo(Timestamps.fromSeconds(100));
        assertThat(shard.getLastArrival()).isEqualTo(Timestamps.fromSeconds(300));
    }

    @Test
    void rowWrittenFromTheRequestsBytesIsTheSameShardAsFromTheParsedRequest() throws IOException {
        BidRequest request = BidRequest.newBuilder().setId("r1").setTmax(80)
                .addImp(Imp.newBuilder().setId("1").setBidfloorMicros(70_000)).build();
        LabeledBidRequest labels = LabeledBidRequest.newBuilder().setArrivalTime(Timestamps.fromSeconds(100))
                .putBids("a", true).putBids("b", false).putExplorationProbability("b", 0.25).build();
        TrainingShard parsed;
        try (ShardWriter writer = ShardWriter.create(folder, "parsed.binpb")) {
            writer.write(labels.toBuilder().setRequest(request).build());
            parsed = writer.finish();
        }
        TrainingShard spliced;
        try (ShardWriter writer = ShardWriter.create(folder, "spliced.binpb")) {
            writer.write(labels, request.toByteArray());
            spliced = writer.finish();
        }

        assertThat(Files.readAllBytes(folder.resolve("spliced.binpb")))
                .isEqualTo(Files.readAllBytes(folder.resolve("parsed.binpb")));
        assertThat(spliced.toBuilder().setFile("parsed.binpb").build()).isEqualTo(parsed);
    }

    @Test
    void manifestListsShardsOldestFirstAndRoundTrips() throws IOException {
        TrainingShard later = TrainingShard.newBuilder().setFile("dt=2026-12-02/part-00000.binpb")
                .setFirstArrival(Timestamps.fromSeconds(200)).build();
        TrainingShard earlier = TrainingShard.newBuilder().setFile("dt=2026-12-01/part-00000.binpb")
                .setFirstArrival(Timestamps.fromSeconds(100)).build();
        ShardManifest manifest = ShardManifests.of(List.of(later, earlier), List.of("b", "a", "b"),
                ImportCounts.newBuilder().setRowsWritten(2).build(), "test", Instant.ofEpochSecond(5));

        ShardManifests.write(folder, manifest);

        assertThat(manifest.getShardsList()).containsExactly(earlier, later);
        assertThat(manifest.getPartnersList()).containsExactly("a", "b");
        assertThat(ShardManifests.read(folder)).isEqualTo(manifest);
    }

    @Test
    void manifestOfAnotherFormatIsRefused() {
        assertThatThrownBy(() -> ShardManifests.fromJson("{\"format\": \"other/9\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("format 'other/9'");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
