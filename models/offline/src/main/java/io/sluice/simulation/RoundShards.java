package io.sluice.simulation;

import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardManifests;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard folder that grows by one shard per round, as production's import adds a day's shards: after each round
 * its {@code shards.json} lists every round so far, which is what the next training reads and verifies.
 */
final class RoundShards {

    private final Path folder;
    private final List<String> partners;
    private final String description;
    private final List<TrainingShard> shards = new ArrayList<>();
    private ImportCounts counts = ImportCounts.getDefaultInstance();

    /** An empty folder at {@code folder} for rows labelling some of {@code partners}. */
    RoundShards(Path folder, List<String> partners, String description) {
        this.folder = folder;
        this.partners = List.copyOf(partners);
        this.description = description;
    }

    Path folder() {
        return folder;
    }

    /** Lists {@code shard}, a fully labelled round: every request was sent to every partner and came back. */
    void addFullyLabelled(TrainingShard shard) throws IOException {
        add(shard, ImportCounts.newBuilder().setRequestsRead(shard.getRows())
                .setOutcomesRead(shard.getRows() * partners.size()).setRowsWritten(shard.getRows()).build());
    }

    /** Lists {@code shard} (a file in the folder) with what its import counted, and rewrites the manifest. */
    void add(TrainingShard shard, ImportCounts imported) throws IOException {
        shards.add(shard);
        counts = ImportCounts.newBuilder()
                .setRequestsRead(counts.getRequestsRead() + imported.getRequestsRead())
                .setOutcomesRead(counts.getOutcomesRead() + imported.getOutcomesRead())
                .setRowsWritten(counts.getRowsWritten() + imported.getRowsWritten())
                .setRequestsUnmatched(counts.getRequestsUnmatched() + imported.getRequestsUnmatched())
                .build();
        ShardManifests.write(folder, ShardManifests.of(shards, partners, counts, description, Instant.now()));
    }
}
