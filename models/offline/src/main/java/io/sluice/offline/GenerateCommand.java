package io.sluice.offline;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.training.LabeledRequestWriter;
import io.sluice.training.ProgressBar;
import io.sluice.training.SyntheticTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice generate}: writes synthetic labelled bid requests with known true probabilities. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic OpenRTB traffic with per-partner bid labels and true probabilities "
                + "as LabeledBidRequests, streaming: JSON Lines (FILE.jsonl) or length-delimited protobuf (FILE.binpb, "
                + "much faster to read for large runs).")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--rows", required = true, description = "Number of rows to write.")
    long rows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file; its suffix, .jsonl or .binpb, picks the format.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        SyntheticTraffic traffic = new SyntheticTraffic(SyntheticTraffic.Config.defaults(seed));
        ProgressBar bar = ProgressBar.onStderr("generate", ProgressBar.Unit.ROWS).apply(rows);
        long written = 0;
        try (LabeledRequestWriter writer = new LabeledRequestWriter(out)) {
            Iterator<LabeledBidRequest> source = traffic.rows(rows);
            while (source.hasNext()) {
                writer.write(source.next());
                bar.update(++written, out.getFileName().toString());
            }
        }
        bar.finish(written, out.getFileName().toString());
        return 0;
    }
}
