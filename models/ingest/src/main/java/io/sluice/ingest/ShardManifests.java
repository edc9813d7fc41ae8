package io.sluice.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.ShardManifest;
import io.sluice.api.v1.TrainingShard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Builds, writes and reads {@code shards.json}: a {@link ShardManifest} in the protobuf JSON mapping. */
public final class ShardManifests {

    /** The manifest's file name in its folder. */
    public static final String FILE_NAME = "shards.json";
    /** The folder layout version this code writes and reads. */
    public static final String FORMAT = "sluice-training-shards/1";

    private ShardManifests() {
    }

    /** A manifest of {@code shards} (put oldest first), labelling {@code partners} (sorted, deduplicated). */
    public static ShardManifest of(Collection<TrainingShard> shards, Collection<String> partners,
                                   ImportCounts counts, String description, Instant createdAt) {
        List<TrainingShard> oldestFirst = shards.stream()
                .sorted(Comparator.comparing(TrainingShard::getFirstArrival, Timestamps::compare)
                        .thenComparing(TrainingShard::getFile))
                .toList();
        return ShardManifest.newBuilder()
                .setFormat(FORMAT)
                .addAllPartners(partners.stream().distinct().sorted().toList())
                .addAllShards(oldestFirst)
                .setCounts(counts)
                .setDescription(description)
                .setCreatedAt(Timestamps.fromMillis(createdAt.toEpochMilli()))
                .build();
    }

    /** {@code manifest} as shards.json's text. */
    public static String toJson(ShardManifest manifest) {
        try {
            return JsonFormat.printer().print(manifest) + "\n";
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a ShardManifest has no Any fields to fail on", e);
        }
    }

    /** The manifest shards.json's text holds; an unknown format or malformed JSON is an IOException. */
    public static ShardManifest fromJson(String json) throws IOException {
        ShardManifest.Builder manifest = ShardManifest.newBuilder();
        JsonFormat.parser().merge(json, manifest);
        if (!manifest.getFormat().equals(FORMAT)) {
            throw new IOException("shards.json: format '" + manifest.getFormat() + "', expected '" + FORMAT + "'");
        }
        return manifest.build();
    }

    /** Writes {@code manifest} as {@code folder}/shards.json, replacing it whole (never half-written). */
    public static void write(Path folder, ShardManifest manifest) throws IOException {
        Path temporary = folder.resolve(FILE_NAME + ".tmp");
        Files.writeString(temporary, toJson(manifest), UTF_8);
        Files.move(temporary, folder.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The manifest in {@code folder}/shards.json. */
    public static ShardManifest read(Path folder) throws IOException {
        return fromJson(Files.readString(folder.resolve(FILE_NAME), UTF_8));
    }
}
