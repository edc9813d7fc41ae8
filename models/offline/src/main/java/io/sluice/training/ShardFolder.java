package io.sluice.training;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.ShardManifest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.model.ModelArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder of training shards as {@code sluice import} and the Spark job write it: {@value #MANIFEST_FILE} (a
 * {@link ShardManifest}) beside the shard files it lists. Reading checks the manifest; {@link #verify} checks a shard
 * once it has been read, so a shard that was changed, truncated or swapped after the manifest was written is refused.
 *
 * @param folder         the folder
 * @param manifest       its manifest
 * @param manifestSha256 SHA-256 of {@value #MANIFEST_FILE}, which pins every shard through their checksums: the
 *                       folder's checksum in a model manifest
 */
public record ShardFolder(Path folder, ShardManifest manifest, String manifestSha256) {

    /** The manifest's file name inside the folder. */
    public static final String MANIFEST_FILE = "shards.json";
    /** The layout version this reader understands. */
    public static final String FORMAT = "sluice-training-shards/1";

    /** Reads and checks {@code folder}'s manifest: its format, and that every listed shard exists in the folder. */
    public static ShardFolder read(Path folder) throws IOException {
        Path manifestFile = folder.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new DataFormatException(folder + " has no " + MANIFEST_FILE + "; --data takes a .jsonl or .binpb "
                    + "file or a shard folder", null);
        }
        byte[] bytes = Files.readAllBytes(manifestFile);
        ShardManifest.Builder manifest = ShardManifest.newBuilder();
        try {
            JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), manifest);
        } catch (InvalidProtocolBufferException e) {
            throw new DataFormatException(manifestFile + ": not a ShardManifest: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.getFormat())) {
            throw new DataFormatException(manifestFile + ": format is '" + manifest.getFormat() + "', expected "
                    + FORMAT, null);
        }
        if (manifest.getShardsCount() == 0) {
            throw new DataFormatException(manifestFile + ": lists no shards", null);
        }
        ShardFolder shards = new ShardFolder(folder, manifest.build(), ModelArtifact.sha256(bytes));
        for (TrainingShard shard : shards.manifest.getShardsList()) {
            Path file = shards.file(shard);
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(manifestFile + " lists " + shard.getFile() + ", which is missing", null);
            }
        }
        return shards;
    }

    /** The shard's file; refuses a name that leaves the folder. */
    public Path file(TrainingShard shard) {
        Path file = folder.resolve(shard.getFile()).normalize();
        if (shard.getFile().isEmpty() || !file.startsWith(folder.normalize())) {
            throw new DataFormatException(folder.resolve(MANIFEST_FILE) + ": shard file '" + shard.getFile()
                    + "' is not inside the folder", null);
        }
        return file;
    }

    /** Total rows the manifest declares. */
    public long rows() {
        return manifest.getShardsList().stream().mapToLong(TrainingShard::getRows).sum();
    }

    /**
     * Checks a shard that has been read whole: its bytes' SHA-256 and its record count (good and skipped rows) must
     * be what the manifest says.
     */
    public void verify(TrainingShard shard, String sha256, long records) {
        if (!shard.getSha256().equalsIgnoreCase(sha256)) {
            throw new DataFormatException(file(shard) + ": sha256 is " + sha256 + " but " + MANIFEST_FILE + " says "
                    + shard.getSha256() + " (the shard changed after import)", null);
        }
        if (shard.getRows() != records) {
            throw new DataFormatException(file(shard) + ": holds " + records + " rows but " + MANIFEST_FILE
                    + " says " + shard.getRows(), null);
        }
    }
}
