package io.sluice.spark;

import io.sluice.api.v1.ImportCounts;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The import's counts as Spark accumulators (named, so the Spark UI shows them while the job runs). They are only
 * added to in the job's last stage, the one that writes: Spark applies a task's updates there once even when the
 * task is retried, so the counts are exact; updates in an earlier stage could count again when it is re-run.
 */
final class ImportTally implements Serializable {

    private static final long serialVersionUID = 1L;

    final LongAccumulator requestsRead;
    final LongAccumulator outcomesRead;
    final LongAccumulator rowsWritten;
    final LongAccumulator requestsUnmatched;
    final LongAccumulator outcomesUnmatched;
    final LongAccumulator rejected;
    /** Each task's first few rejections; the driver keeps the first few of all, in file and line order. */
    final CollectionAccumulator<Rejection> firstRejections;
    /** How many rejections {@link ImportCounts#getFirstRejectionsList()} keeps. */
    final int maxFirstRejections;

    private ImportTally(SparkContext spark, int maxFirstRejections) {
        requestsRead = spark.longAccumulator("sluice.import.requests_read");
        outcomesRead = spark.longAccumulator("sluice.import.outcomes_read");
        rowsWritten = spark.longAccumulator("sluice.import.rows_written");
        requestsUnmatched = spark.longAccumulator("sluice.import.requests_unmatched");
        outcomesUnmatched = spark.longAccumulator("sluice.import.outcomes_unmatched");
        rejected = spark.longAccumulator("sluice.import.rejected");
        firstRejections = spark.collectionAccumulator("sluice.import.first_rejections");
        this.maxFirstRejections = maxFirstRejections;
    }

    /** New accumulators, registered with {@code spark}. */
    static ImportTally register(SparkContext spark, int maxFirstRejections) {
        return new ImportTally(spark, maxFirstRejections);
    }

    /** The counts so far (on the driver, once the writing stage has finished). */
    ImportCounts counts() {
        List<String> first = firstRejections.value().stream()
                .sorted(Rejection.ORDER)
                .limit(maxFirstRejections)
                .map(Rejection::text)
                .toList();
        return ImportCounts.newBuilder()
                .setRequestsRead(requestsRead.value())
                .setOutcomesRead(outcomesRead.value())
                .setRowsWritten(rowsWritten.value())
                .setRequestsUnmatched(requestsUnmatched.value())
                .setOutcomesUnmatched(outcomesUnmatched.value())
                .setRejected(rejected.value())
                .addAllFirstRejections(first)
                .build();
    }

    /** The share of lines read that were rejected: 0 when nothing was read. */
    static double rejectedShare(ImportCounts counts) {
        long read = counts.getRequestsRead() + counts.getOutcomesRead();
        return read == 0 ? 0 : (double) counts.getRejected() / read;
    }

    /**
     * One rejection as {@code sluice import} quotes it, {@code file:line: reason}: a join's at its request's line,
     * naming the request in its reason.
     *
     * @param location the line rejected, or the request whose join rejected an outcome: the quoting order
     * @param text     what is quoted
     */
    record Rejection(Location location, String text) implements Serializable {

        /** File and line order; two rejections of one request's join by text. */
        static final Comparator<Rejection> ORDER =
                Comparator.comparing(Rejection::location).thenComparing(Rejection::text);

        /**
         * What could not be used at {@code location}: a line, or an outcome (or a repeated request) the join of the
         * request read there could not use.
         */
        static Rejection at(Location location, String reason) {
            return new Rejection(location, location + ": " + reason);
        }
    }
}
