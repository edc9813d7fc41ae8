package io.sluice.ingest;

import com.google.protobuf.Timestamp;
import java.io.Serializable;
import java.time.LocalDate;

/**
 * Which shard a training row goes to: {@code dt=<its UTC arrival day>/part-<NNNNN>.binpb}, the part being a hash of
 * its request id modulo {@code partsPerDay}. Only the row decides, so {@code sluice import} and the Spark job put
 * the same row in the same file, and both copies of a duplicated request land together.
 *
 * @param partsPerDay shards per arrival day
 */
public record ShardLayout(int partsPerDay) implements Serializable {

    /**
     * The parts a day of {@code sluice import} and the Spark job unless told otherwise (the same, so that both write
     * the same files): enough for a trainer's parallel readers and the job's writing tasks on a small cluster, few
     * enough that sluice import, which keeps every shard of the imported days open, stays within the usual 1,024
     * open files for two months of logs.
     */
    public static final int DEFAULT_PARTS_PER_DAY = 16;
    /** The maximum parts a day: what {@code part-NNNNN} can number. */
    public static final int MAX_PARTS_PER_DAY = 100_000;
    /** The suffix of a shard: length-delimited binary LabeledBidRequests. */
    public static final String SHARD_SUFFIX = ".binpb";
    private static final long SECONDS_PER_DAY = 86_400;

    public ShardLayout {
        if (partsPerDay < 1 || partsPerDay > MAX_PARTS_PER_DAY) {
            throw new IllegalArgumentException("parts per day must be 1.." + MAX_PARTS_PER_DAY + ", got "
                    + partsPerDay);
        }
    }

    /** The shard file, relative to the manifest's folder, of the row with this arrival time and request id. */
    public String fileFor(Timestamp arrival, String requestId) {
        return fileOf(utcDay(arrival), part(requestId));
    }

    /** The shard file of {@code part} of the UTC day {@code epochDay} (days since 1970-01-01). */
    public String fileOf(long epochDay, int part) {
        String number = Integer.toString(part);
        return "dt=" + LocalDate.ofEpochDay(epochDay) + "/part-" + "0".repeat(Math.max(0, 5 - number.length()))
                + number + SHARD_SUFFIX;
    }

    /** The UTC day of {@code arrival}, in days since 1970-01-01. */
    public static long utcDay(Timestamp arrival) {
        return Math.floorDiv(arrival.getSeconds(), SECONDS_PER_DAY);
    }

    /** The part of a request id within its day. */
    public int part(String requestId) {
        return Math.floorMod(mix(requestId.hashCode()), partsPerDay);
    }

    /** Bucket of {@code requestId} among {@code buckets}, independent of {@link #part} (for a hash join's spill). */
    public static int bucket(String requestId, int buckets) {
        return Math.floorMod(mix(requestId.hashCode() * 0x9E3779B9), buckets);
    }

    /** MurmurHash3's 32-bit finaliser: String.hashCode is specified, so stable, but its low bits are poorly mixed. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
