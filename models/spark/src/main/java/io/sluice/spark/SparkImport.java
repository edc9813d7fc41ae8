package io.sluice.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import io.sluice.BadInputException;
import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.ShardManifest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.RequestFormat;
import io.sluice.ingest.ShardLayout;
import io.sluice.ingest.ShardManifests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The import as a Spark job: read the request and outcome logs through the importer's row functions, let Spark
 * bring every line of a request id together (one shuffle, partitioned by the id's shard part, so each shard is
 * written whole by one task), join each group with the importer's join, write the shards, then shards.json.
 *
 * <p>shards.json is written last, by the driver, only when every task has succeeded and the rejected share is
 * within bounds: a folder without it is not a training set, whatever shards a failed run left in it.
 */
final class SparkImport {

    private final SparkSession spark;
    private final Clock clock;

    SparkImport(SparkSession spark, Clock clock) {
        this.spark = spark;
        this.clock = clock;
    }

    /** Runs the import that {@code options} describe and returns the manifest written. */
    ShardManifest run(SparkImportOptions options) throws IOException {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path out = new Path(options.out());
        FileSystem fileSystem = out.getFileSystem(context.hadoopConfiguration());
        if (fileSystem.exists(out) && fileSystem.listStatus(out).length > 0) {
            throw new BadInputException("--out " + out + ": not empty (an import writes a new folder)");
        }
        ShardLayout layout = new ShardLayout(options.partsPerDay());
        ImportTally tally = ImportTally.register(spark.sparkContext(), options.maxFirstRejections());

        JavaRDD<ImportLine> lines = requestLines(context, options, layout).union(outcomeLines(context, options, layout));
        Dataset<Row> table = spark.createDataFrame(lines.map(ImportLine::toRow), ImportLine.SCHEMA);
        Column[] lineColumns = Arrays.stream(ImportLine.LINE_COLUMNS).map(name -> col(name)).toArray(Column[]::new);
        Column[] groupColumns = Arrays.stream(ImportLine.GROUP_COLUMNS).map(name -> col(name)).toArray(Column[]::new);
        List<WrittenShard> written = table
                // Partitioned by part alone, which the grouping below keeps (it adds no second shuffle).
                .repartition(options.partsPerDay(), col("part"))
                .groupBy(groupColumns)
                .agg(collect_list(struct(lineColumns)).as("lines"))
                // Rows in request id order, so a retried task writes the same bytes.
                .sortWithinPartitions(col("key"))
                .mapPartitions(new JoinAndWrite(out.toString(),
                                new SerializableConfiguration(context.hadoopConfiguration()), layout,
                                options.format().absentOutcome(), tally),
                        Encoders.javaSerialization(WrittenShard.class))
                .collectAsList();

        ImportCounts counts = tally.counts();
        double share = ImportTally.rejectedShare(counts);
        if (share > options.maxRejectedShare()) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%d of %d lines rejected (%.2f%%, more than --max-rejected-share %s); first: %s",
                    counts.getRejected(), counts.getRequestsRead() + counts.getOutcomesRead(), 100 * share,
                    options.maxRejectedShare(), counts.getFirstRejectionsCount() == 0 ? "none"
                            : counts.getFirstRejections(0)));
        }
        if (counts.getRowsWritten() == 0) {
            throw new BadInputException("no training row: none of the " + counts.getRequestsRead()
                    + " requests had a usable outcome (do the outcomes' request ids match the requests'?)");
        }
        List<TrainingShard> shards = written.stream().map(WrittenShard::shard).toList();
        TreeSet<String> partners = new TreeSet<>();
        written.forEach(shard -> partners.addAll(shard.partners()));
        ShardManifest manifest = ShardManifests.of(shards, partners, counts, description(options), clock.instant());
        writeManifest(fileSystem, out, manifest);
        return manifest;
    }

    private static JavaRDD<ImportLine> requestLines(JavaSparkContext context, SparkImportOptions options,
                                                    ShardLayout layout) {
        return options.format() == RequestFormat.DECISION_LOG
                ? DecisionLogFiles.read(context, options.requests(), layout)
                : TextLogFiles.read(context, options.requests(), RequestLines.of(options.format(), layout));
    }

    private static JavaRDD<ImportLine> outcomeLines(JavaSparkContext context, SparkImportOptions options,
                                                    ShardLayout layout) {
        TextFormat outcomes = options.format() == RequestFormat.IPINYOU_BID
                ? OutcomeFormat.ipinyouImpressions(layout) : OutcomeFormat.partnerOutcomes(layout);
        return TextLogFiles.read(context, options.outcomes(), outcomes);
    }

    private static String description(SparkImportOptions options) {
        return "sluice-spark-import --format " + options.format() + ": " + String.join(", ", options.requests())
                + " with outcomes " + String.join(", ", options.outcomes());
    }

    /** Writes shards.json beside a temporary name first, so no reader ever sees half of it. */
    private static void writeManifest(FileSystem fileSystem, Path out, ShardManifest manifest) throws IOException {
        Path temporary = new Path(out, "_" + ShardManifests.FILE_NAME + ".tmp");
        try (OutputStream stream = fileSystem.create(temporary, true)) {
            stream.write(ShardManifests.toJson(manifest).getBytes(StandardCharsets.UTF_8));
        }
        Path manifestPath = new Path(out, ShardManifests.FILE_NAME);
        if (!fileSystem.rename(temporary, manifestPath)) {
            throw new IOException("could not rename " + temporary + " to " + manifestPath);
        }
    }
}
