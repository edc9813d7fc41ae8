package io.sluice.spark;

import io.sluice.BadInputException;
import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.ShardManifest;
import io.sluice.ingest.RequestFormat;
import io.sluice.ingest.ShardLayout;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.mapreduce.lib.input.InvalidInputException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Spark job's entry point ({@code spark-submit --class io.sluice.spark.SparkImportJob sluice-spark-job.jar}):
 * {@code sluice import} at cluster scale, with the same inputs, row functions and shard folder.
 */
@Command(name = "sluice-spark-import", mixinStandardHelpOptions = true,
        description = "Join request logs with partners' outcomes into training shards (shards.json + .binpb files) "
                + "on a Spark cluster, as `sluice import` does on one machine.")
public final class SparkImportJob implements Callable<Integer> {

    /** Exit code for a failure while running (a lost cluster, an unreadable file system). */
    static final int EXIT_FAILURE = 1;
    /** Exit code for bad input: arguments, missing paths, files that are not what they claim, too many bad lines. */
    static final int EXIT_BAD_INPUT = 2;
    /** Rejections quoted in shards.json and on stdout, as many as sluice import quotes. */
    static final int QUOTED_REJECTIONS = 5;

    @Option(names = "--format", defaultValue = "openrtb-json", paramLabel = "FORMAT",
            converter = FormatConverter.class,
            description = "What --requests are: openrtb-json, decision-log or ipinyou-bid, as for sluice import "
                    + "(default: ${DEFAULT-VALUE}).")
    RequestFormat format;

    @Option(names = "--requests", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Request logs: files, folders or globs on any Hadoop file system (s3://, hdfs://, "
                    + "file:); gzip is recognised by its content.")
    List<String> requests;

    @Option(names = "--outcomes", arity = "1..*", paramLabel = "PATH",
            description = "Outcome logs for openrtb-json and decision-log: JSON Lines or CSV with a header.")
    List<String> outcomes = List.of();

    @Option(names = "--impressions", arity = "1..*", paramLabel = "PATH",
            description = "iPinYou impression logs for ipinyou-bid.")
    List<String> impressions = List.of();

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Shard folder to write (new or empty), on any Hadoop file system.")
    String out;

    @Option(names = "--parts-per-day", defaultValue = "" + ShardLayout.DEFAULT_PARTS_PER_DAY, paramLabel = "N",
            description = "Shards per arrival day, and so the tasks that join and write (default: ${DEFAULT-VALUE}, "
                    + "as sluice import's).")
    int partsPerDay;

    @Option(names = "--max-rejected-share", defaultValue = "0.01", paramLabel = "SHARE",
            description = "Fail, writing no shards.json, when more than this share of the lines read is rejected "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxRejectedShare;

    @Option(names = "--verbose", description = "On failure, print the stack trace as well as the one-line message.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final Supplier<SparkSession> sessions;
    private final boolean stopsSession;

    /**
     * The job as spark-submit runs it: the session comes from spark-submit's settings, with Spark's progress bar of
     * stages on stderr, and is stopped when the job ends (on YARN, before the exit that reports the outcome).
     */
    public SparkImportJob() {
        this(() -> SparkSession.builder().appName("sluice-import")
                .config("spark.ui.showConsoleProgress", "true").getOrCreate(), true);
    }

    /** A job on the sessions {@code sessions} gives, which it leaves running (tests share one). */
    SparkImportJob(Supplier<SparkSession> sessions) {
        this(sessions, false);
    }

    private SparkImportJob(Supplier<SparkSession> sessions, boolean stopsSession) {
        this.sessions = sessions;
        this.stopsSession = stopsSession;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new SparkImportJob()).execute(args));
    }

    /** The job's command line: one line and an exit code for every ordinary failure. */
    static CommandLine commandLine(SparkImportJob job) {
        return new CommandLine(job).setExecutionExceptionHandler((e, cli, parsed) -> {
            PrintWriter err = cli.getErr();
            if (job.verbose) {
                e.printStackTrace(err);
            }
            BadInputException badInput = cause(e, BadInputException.class);
            InvalidInputException missing = cause(e, InvalidInputException.class);
            String message = badInput != null ? badInput.getMessage()
                    : missing != null ? missing.getMessage().lines().findFirst().orElse("")
                    : e.toString().lines().findFirst().orElse("");
            err.println(cli.getCommandName() + ": " + message);
            err.flush();
            return badInput != null || missing != null ? EXIT_BAD_INPUT : EXIT_FAILURE;
        });
    }

    @Override
    public Integer call() throws Exception {
        SparkImportOptions options = new SparkImportOptions(requests, format, outcomeArguments(), out, partsPerDay,
                maxRejectedShare, QUOTED_REJECTIONS);
        SparkSession spark = sessions.get();
        ShardManifest manifest;
        try {
            manifest = new SparkImport(spark, Clock.systemUTC()).run(options);
        } finally {
            if (stopsSession) {
                spark.stop();
            }
        }
        ImportCounts counts = manifest.getCounts();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("wrote %d rows in %d shards to %s%n", counts.getRowsWritten(), manifest.getShardsCount(), out);
        stdout.printf("read %d requests, %d outcomes; unmatched: %d requests, %d outcomes; rejected: %d%n",
                counts.getRequestsRead(), counts.getOutcomesRead(), counts.getRequestsUnmatched(),
                counts.getOutcomesUnmatched(), counts.getRejected());
        counts.getFirstRejectionsList().forEach(rejection -> stdout.println("  rejected " + rejection));
        stdout.flush();
        return 0;
    }

    /** The outcome paths, checked against the format as sluice import checks them. */
    private List<String> outcomeArguments() {
        if (format == RequestFormat.IPINYOU_BID) {
            if (!outcomes.isEmpty() || impressions.isEmpty()) {
                throw new BadInputException("--format ipinyou-bid takes --impressions, not --outcomes");
            }
            return impressions;
        }
        if (!impressions.isEmpty() || outcomes.isEmpty()) {
            throw new BadInputException("--format " + format + " takes --outcomes, not --impressions");
        }
        return outcomes;
    }

    /** The first throwable of {@code type} in {@code e}'s causes (Spark wraps a task's exception in its own). */
    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Reads {@code --format} by its documented names. */
    static final class FormatConverter implements CommandLine.ITypeConverter<RequestFormat> {

        @Override
        public RequestFormat convert(String value) {
            for (RequestFormat candidate : RequestFormat.values()) {
                if (candidate.toString().equals(value)) {
                    return candidate;
                }
            }
            throw new CommandLine.TypeConversionException("expected openrtb-json, decision-log or ipinyou-bid, got '"
                    + value + "'");
        }
    }
}
