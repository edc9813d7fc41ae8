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
    /** Each day's shards by part number, null until a row of that part comes. */
    private final Map<Long, ShardWriter[]> writersByDay = new HashMap<>();
    private final Set<String> partners = new TreeSet<>();
    /** The last row's day and its shards: logs come mostly in time order, so most rows skip the map. */
    private long lastDay = Long.MIN_VALUE;
    private ShardWriter[] lastDayWriters;

    ShardSet(Path folder, ShardLayout layout) {
        this.folder = folder;
        this.layout = layout;
    }

    /** Writes the row of {@code labels} (without its request) and the request {@code requestId} encoded. */
    void write(LabeledBidRequest labels, String requestId, byte[] request) throws IOException {
        long day = ShardLayout.utcDay(labels.getArrivalTime());
        int part = layout.part(requestId);
        // Found by day and part number, not file name: naming the file per row cost more than writing the row.
        if (day != lastDay) {
            lastDayWriters = writersByDay.computeIfAbsent(day, d -> new ShardWriter[layout.partsPerDay()]);
            lastDay = day;
        }
        ShardWriter writer = lastDayWriters[part];
        if (writer == null) {
            writer = ShardWriter.create(folder, layout.fileOf(day, part));
            lastDayWriters[part] = writer;
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
        for (ShardWriter[] day : writersByDay.values()) {
            for (ShardWriter writer : day) {
                if (writer != null) {
                    shards.add(writer.finish());
                }
            }
        }
        return shards;
    }
}
