package io.sluice.spark;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.ShardManifest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardManifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A shard folder as `sluice train` sees it: shards.json and the rows of each shard it lists. */
record ShardFolder(ShardManifest manifest, Path folder) {

    static ShardFolder read(Path folder) {
        try {
            return new ShardFolder(ShardManifests.read(folder), folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of {@code shard}, in file order. */
    List<LabeledBidRequest> rows(TrainingShard shard) {
        List<LabeledBidRequest> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(folder.resolve(shard.getFile()))) {
            for (LabeledBidRequest row; (row = LabeledBidRequest.parseDelimitedFrom(in)) != null; ) {
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Every row of every shard. */
    List<LabeledBidRequest> rows() {
        return manifest.getShardsList().stream().flatMap(shard -> rows(shard).stream()).toList();
    }
}
