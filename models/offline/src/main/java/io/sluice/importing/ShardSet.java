package io.sluice.importing;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardLayout;
import io.sluice.ingest.ShardWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The shards of one output folder, each open until the import ends: rows arrive in join order, not shard order. */
final class ShardSet {

    private final Path folder;
    private final ShardLayout layout;
    private final Map<Long, ShardWriter> writers = new HashMap<>();
    private final Set<String> partners = new TreeSet<>();

    ShardSet(Path folder, ShardLayout layout) {
        this.folder = folder;
        this.layout = layout;
    }

    /** Writes the row of {@code labels} (without its request) and the request {@code requestId} encoded. */
    void write(LabeledBidRequest labels, String requestId, byte[] request) throws IOException {
        long day = ShardLayout.utcDay(labels.getArrivalTime());
        int part = layout.part(requestId);
        // Keyed by number, not file name: naming the file per row cost more than writing the row.
        long key = day * ShardLayout.MAX_PARTS_PER_DAY + part;
        ShardWriter writer = writers.get(key);
        if (writer == null) {
            writer = ShardWriter.create(folder, layout.fileOf(day, part));
            writers.put(key, writer);
        }
        writer.write(labels, request);
        partners.addAll(labels.getBidsMap().keySet());
    }

    /** Every partner some row labels. */
    Set<String> partners() {
        return partners;
    }

    /** Closes every shard and describes them. */
    List<TrainingShard> finish() throws IOException {
        List<TrainingShard> shards = new ArrayList<>();
        for (ShardWriter writer : writers.values()) {
            shards.add(writer.finish());
        }
        return shards;
    }
}
