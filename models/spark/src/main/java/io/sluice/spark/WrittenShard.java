package io.sluice.spark;

import io.sluice.api.v1.TrainingShard;
import java.io.Serializable;
import java.util.Set;

/**
 * A shard a task wrote, sent back to the driver for shards.json (public: Spark encodes it by Java serialization).
 *
 * @param shard    the file, its rows, SHA-256 and arrival range
 * @param partners every partner some row of it labels
 */
public record WrittenShard(TrainingShard shard, Set<String> partners) implements Serializable {

    public WrittenShard {
        partners = Set.copyOf(partners);
    }
}
