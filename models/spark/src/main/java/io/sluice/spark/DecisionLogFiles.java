package io.sluice.spark;

import io.sluice.api.v1.DecisionRecord;
import io.sluice.ingest.DecisionLogFraming;
import io.sluice.ingest.DecisionRows;
import io.sluice.ingest.FileProbe;
import io.sluice.ingest.RequestFormat;
import io.sluice.ingest.ShardLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Reads Sluice's decision log (length-delimited DecisionRecords), one file per task, and turns each record into an
 * {@link ImportLine} through {@link DecisionRows}. As in {@code sluice import}, a record that is not a
 * DecisionRecord, or a size that cannot be right, means the file is not a decision log (or is cut short): nothing
 * after it can be framed, so the import fails naming the file and record.
 */
final class DecisionLogFiles {

    private DecisionLogFiles() {
    }

    /** The import lines of every decision log file that {@code paths} (files, folders or globs) name. */
    static JavaRDD<ImportLine> read(JavaSparkContext spark, List<String> paths, ShardLayout layout) {
        return LogFiles.read(spark, paths, (file, content) -> new Records(file, content, layout));
    }

    /** The records of one file, parsed as they are read. */
    private static final class Records extends ProbedImportLines {

        private final String file;
        private final InputStream in;
        private final ShardLayout layout;
        private long recordNumber;

        Records(String file, InputStream in, ShardLayout layout) {
            super(file, new FileProbe(file, RequestFormat.DECISION_LOG.description()));
            this.file = file;
            this.in = in;
            this.layout = layout;
        }

        @Override
        ImportLine readNext() throws IOException {
            int first = in.read();
            if (first == -1) {
                return null;
            }
            recordNumber++;
            DecisionRecord record = DecisionLogFraming.read(first, in, file + ": record " + recordNumber);
            return ImportLine.ofRequest(DecisionRows.toRequestRow(record), Location.record(file, recordNumber),
                    layout);
        }
    }
}
