package io.sluice.spark;

import io.sluice.ingest.AbsentOutcome;
import io.sluice.ingest.JoinResult;
import io.sluice.ingest.Outcome;
import io.sluice.ingest.OutcomeJoin;
import io.sluice.ingest.ShardLayout;
import io.sluice.scoring.ScoringException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The writing stage: each group Spark formed (every line with one request id, or one rejected line) goes through
 * the importer's join, its row into its shard, and every line into the counts. Returns the shards written.
 */
final class JoinAndWrite implements MapPartitionsFunction<Row, WrittenShard> {

    private static final long serialVersionUID = 1L;
    private static final Comparator<ImportLine> INPUT_ORDER =
            Comparator.comparing(ImportLine::side).thenComparing(ImportLine::location);

    private final String folder;
    private final SerializableConfiguration hadoop;
    private final ShardLayout layout;
    private final AbsentOutcome absentOutcome;
    private final ImportTally tally;

    JoinAndWrite(String folder, SerializableConfiguration hadoop, ShardLayout layout, AbsentOutcome absentOutcome,
                 ImportTally tally) {
        this.folder = folder;
        this.hadoop = hadoop;
        this.layout = layout;
        this.absentOutcome = absentOutcome;
        this.tally = tally;
    }

    @Override
    public Iterator<WrittenShard> call(Iterator<Row> groups) throws IOException {
        Path out = new Path(folder);
        TaskRejections rejections = new TaskRejections();
        try (ShardFiles shards = new ShardFiles(out.getFileSystem(hadoop.value()), out, layout)) {
            while (groups.hasNext()) {
                Row group = groups.next();
                List<ImportLine> lines = lines(group);
                countRead(lines);
                if (group.getBoolean(1)) {
                    lines.forEach(line -> rejections.add(ImportTally.Rejection.at(line.location(),
                            line.rejection())));
                } else {
                    join(lines, shards, rejections);
                }
            }
            List<WrittenShard> written = shards.finish();
            rejections.publish();
            return written.iterator();
        }
    }

    private static List<ImportLine> lines(Row group) {
        int part = group.getInt(0);
        String key = group.getString(2);
        List<Row> rows = group.getList(3);
        List<ImportLine> lines = new ArrayList<>(rows.size());
        for (Row row : rows) {
            lines.add(ImportLine.fromGroupedRow(part, key, row));
        }
        // Spark collects a group in shuffle order; input order makes the join, and so the shard bytes, repeatable.
        lines.sort(INPUT_ORDER);
        return lines;
    }

    private void countRead(List<ImportLine> lines) {
        for (ImportLine line : lines) {
            (line.side() == ImportLine.Side.REQUEST ? tally.requestsRead : tally.outcomesRead).add(1);
        }
    }

    private void join(List<ImportLine> lines, ShardFiles shards, TaskRejections rejections) throws IOException {
        List<ImportLine> requests = lines.stream().filter(line -> line.side() == ImportLine.Side.REQUEST).toList();
        List<Outcome> outcomes = lines.stream().filter(line -> line.side() == ImportLine.Side.OUTCOME)
                .map(ImportLine::outcome).toList();
        if (requests.isEmpty()) {
            tally.outcomesUnmatched.add(outcomes.size());
            return;
        }
        ImportLine request = requests.get(0);
        for (ImportLine copy : requests.subList(1, requests.size())) {
            rejections.add(ImportTally.Rejection.at(copy.location(), "request '"
                    + ScoringException.shortened(copy.key()) + "': logged more than once; the first is kept"));
        }
        JoinResult joined = OutcomeJoin.join(RequestRowCodec.decode(request.request()), outcomes, absentOutcome);
        joined.rejections().forEach(reason -> rejections.add(ImportTally.Rejection.at(request.location(), reason)));
        if (joined.labelled()) {
            shards.write(joined.row());
            tally.rowsWritten.add(1);
        } else {
            tally.requestsUnmatched.add(1);
        }
    }

    /** Counts this task's rejections and keeps its first few in file and line order. */
    private final class TaskRejections {

        private final List<ImportTally.Rejection> first = new ArrayList<>();

        void add(ImportTally.Rejection rejection) {
            tally.rejected.add(1);
            first.add(rejection);
            if (first.size() > 2 * tally.maxFirstRejections) {
                keepFirst();
            }
        }

        /** Hands the first few to the driver, once the task's shards are written. */
        void publish() {
            keepFirst();
            first.forEach(tally.firstRejections::add);
        }

        private void keepFirst() {
            first.sort(ImportTally.Rejection.ORDER);
            first.subList(Math.min(first.size(), tally.maxFirstRejections), first.size()).clear();
        }
    }
}
