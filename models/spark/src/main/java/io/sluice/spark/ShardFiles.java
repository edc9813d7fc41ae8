package io.sluice.spark;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.ingest.ShardLayout;
import io.sluice.ingest.ShardWriter;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The shards one task writes under the output folder, opened as its rows arrive: one per arrival day of the parts
 * the task holds. Every row of a part is in the same task, so no other task writes these files.
 */
final class ShardFiles implements Closeable {

    private final FileSystem fileSystem;
    private final Path folder;
    private final ShardLayout layout;
    private final Map<String, OpenShard> open = new LinkedHashMap<>();

    ShardFiles(FileSystem fileSystem, Path folder, ShardLayout layout) {
        this.fileSystem = fileSystem;
        this.folder = folder;
        this.layout = layout;
    }

    /** Appends {@code row} to its shard. */
    void write(LabeledBidRequest row) throws IOException {
        String file = layout.fileFor(row.getArrivalTime(), row.getRequest().getId());
        OpenShard shard = open.get(file);
        if (shard == null) {
            // Overwrites what a failed attempt of this task left: a retry writes the same rows in the same order.
            shard = new OpenShard(new ShardWriter(file, fileSystem.create(new Path(folder, file), true)),
                    new HashSet<>());
            open.put(file, shard);
        }
        shard.writer().write(row);
        shard.partners().addAll(row.getBidsMap().keySet());
    }

    /** Closes every shard and describes them. */
    List<WrittenShard> finish() throws IOException {
        List<WrittenShard> written = new ArrayList<>();
        for (OpenShard shard : open.values()) {
            written.add(new WrittenShard(shard.writer().finish(), shard.partners()));
        }
        open.clear();
        return written;
    }

    @Override
    public void close() throws IOException {
        for (OpenShard shard : open.values()) {
            shard.writer().close();
        }
    }

    private record OpenShard(ShardWriter writer, Set<String> partners) {
    }
}
