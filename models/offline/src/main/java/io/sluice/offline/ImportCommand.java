package io.sluice.offline;

import io.sluice.BadInputException;
import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.ShardManifest;
import io.sluice.importing.InputFile;
import io.sluice.importing.InputPaths;
import io.sluice.importing.LogImport;
import io.sluice.ingest.RequestFormat;
import io.sluice.importing.S3Settings;
import io.sluice.ingest.ShardLayout;
import io.sluice.ingest.ShardManifests;
import io.sluice.training.ProgressBar;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code sluice import}: joins request logs with outcome logs into training shards and their shards.json. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn real logs into training shards for 'sluice train': each request joined with what the "
                + "partners it was sent to did (partial labels). Writes OUT/dt=DAY/part-NNNNN.binpb and "
                + "OUT/shards.json with the counts.",
                "Inputs are files, quoted globs or s3://bucket/prefix; gzip is recognised by its content."})
public final class ImportCommand implements Callable<Integer> {

    @Option(names = "--format", defaultValue = "openrtb-json", paramLabel = "FORMAT",
            description = "What --requests are: openrtb-json (lines 'ARRIVAL<TAB>{OpenRTB JSON}', ARRIVAL an ISO-8601 "
                    + "UTC instant or epoch milliseconds), decision-log (Sluice's length-delimited DecisionRecords) "
                    + "or ipinyou-bid (iPinYou bid log). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--requests", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Request logs.")
    List<String> requests;

    @Option(names = "--outcomes", arity = "1..*", paramLabel = "PATH",
            description = "Outcome logs for openrtb-json and decision-log: JSON Lines or CSV with a header, fields "
                    + "request_id, partner_id, bid (required), price (CPM), response_time_ms.")
    List<String> outcomes = List.of();

    @Option(names = "--impressions", arity = "1..*", paramLabel = "PATH",
            description = "iPinYou impression logs for ipinyou-bid: a bid with an impression is labelled won, "
                    + "without one lost.")
    List<String> impressions = List.of();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (new or empty).")
    Path out;

    @Option(names = "--parts-per-day", defaultValue = "" + ShardLayout.DEFAULT_PARTS_PER_DAY, paramLabel = "N",
            description = "Shards per arrival day; a row's shard is a hash of its request id. Default: "
                    + "${DEFAULT-VALUE}.")
    int partsPerDay;

    @Option(names = "--s3-region", defaultValue = "${env:AWS_REGION:-us-east-1}", paramLabel = "REGION",
            description = "Region of s3:// inputs (default: $AWS_REGION, else us-east-1).")
    String s3Region;

    @Option(names = "--s3-endpoint", defaultValue = "", paramLabel = "URL",
            description = "An S3-compatible endpoint instead of AWS's.")
    String s3Endpoint;

    @Option(names = "--s3-path-style", description = "Address buckets in the URL path (most S3-compatible servers).")
    boolean s3PathStyle;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RequestFormat requestFormat = Arrays.stream(RequestFormat.values())
                .filter(f -> f.toString().equals(format)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--format " + format
                        + ": expected openrtb-json, decision-log or ipinyou-bid"));
        List<String> outcomeArguments = outcomeArguments(requestFormat);
        if (partsPerDay < 1 || partsPerDay > ShardLayout.MAX_PARTS_PER_DAY) {
            throw new IllegalArgumentException("--parts-per-day must be 1.." + ShardLayout.MAX_PARTS_PER_DAY
                    + ", got " + partsPerDay);
        }
        requireNewOrEmpty(out);
        List<S3Client> clients = new ArrayList<>(1);
        try {
            InputPaths paths = new InputPaths(() -> {
                if (clients.isEmpty()) {
                    clients.add(new S3Settings(s3Region, s3Endpoint, s3PathStyle).client());
                }
                return clients.get(0);
            });
            List<InputFile> requestFiles = paths.expand("--requests", requests);
            List<InputFile> outcomeFiles = paths.expand(
                    requestFormat == RequestFormat.IPINYOU_BID ? "--impressions" : "--outcomes", outcomeArguments);
            List<InputFile> all = new ArrayList<>(requestFiles);
            all.addAll(outcomeFiles);
            LogImport.Job job = new LogImport.Job(requestFormat, requestFiles, outcomeFiles,
                    new ShardLayout(partsPerDay), LogImport.joinBucketsFor(all));
            LogImport logImport = new LogImport(ProgressBar.onStderr("import: read", ProgressBar.Unit.BYTES),
                    ProgressBar.onStderr("import: join", ProgressBar.Unit.ROWS), Clock.systemUTC());
            String description = "sluice import --format " + requestFormat + ": " + requestFiles.size()
                    + " request file(s), " + outcomeFiles.size() + " outcome file(s)";
            ShardManifest manifest = logImport.run(job, out, description);
            report(manifest);
            if (manifest.getCounts().getRowsWritten() == 0) {
                throw new BadInputException("no training row: none of the " + manifest.getCounts().getRequestsRead()
                        + " requests had a usable outcome (do the outcomes' request ids match the requests'?)");
            }
            return 0;
        } finally {
            clients.forEach(S3Client::close);
        }
    }

    private List<String> outcomeArguments(RequestFormat requestFormat) {
        if (requestFormat == RequestFormat.IPINYOU_BID) {
            if (!outcomes.isEmpty() || impressions.isEmpty()) {
                throw new IllegalArgumentException("--format ipinyou-bid takes --impressions, not --outcomes");
            }
            return impressions;
        }
        if (!impressions.isEmpty() || outcomes.isEmpty()) {
            throw new IllegalArgumentException("--format " + requestFormat + " takes --outcomes, not --impressions");
        }
        return outcomes;
    }

    private static void requireNewOrEmpty(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("--out " + folder + ": not a folder");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isPresent()) {
                throw new BadInputException("--out " + folder + ": not empty (an import writes a new folder)");
            }
        }
    }

    private void report(ShardManifest manifest) {
        ImportCounts c = manifest.getCounts();
        PrintWriter o = spec.commandLine().getOut();
        o.printf("requests read       %,d%n", c.getRequestsRead());
        o.printf("outcomes read       %,d%n", c.getOutcomesRead());
        o.printf("rows written        %,d in %d shard(s), %d partner(s)%n", c.getRowsWritten(),
                manifest.getShardsCount(), manifest.getPartnersCount());
        o.printf("requests unmatched  %,d%n", c.getRequestsUnmatched());
        o.printf("outcomes unmatched  %,d%n", c.getOutcomesUnmatched());
        o.printf("rejected            %,d%n", c.getRejected());
        for (String rejection : c.getFirstRejectionsList()) {
            o.println("  " + rejection);
        }
        o.println("manifest            " + out.resolve(ShardManifests.FILE_NAME));
        o.flush();
    }
}
