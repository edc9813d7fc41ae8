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
    private final Map<String, ShardWriter> writers = new HashMap<>();
    private final Set<String> partners = new TreeSet<>();

    ShardSet(Path folder, ShardLayout layout) {
        this.folder = folder;
        this.layout = layout;
    }

    void write(LabeledBidRequest row) throws IOException {
        String file = layout.fileFor(row.getArrivalTime(), row.getRequest().getId());
        ShardWriter writer = writers.get(file);
        if (writer == null) {
            writer = ShardWriter.create(folder, file);
            writers.put(file, writer);
        }
        writer.write(row);
        partners.addAll(row.getBidsMap().keySet());
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
