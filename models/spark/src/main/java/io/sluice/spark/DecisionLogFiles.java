package io.sluice.spark;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.ingest.DecisionRows;
import io.sluice.ingest.ShardLayout;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.io.IOUtils;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Reads Sluice's decision log (length-delimited DecisionRecords, {@code .gz} decompressed), one file per task, and
 * turns each record into an {@link ImportLine} through {@link DecisionRows}. A record that does not parse is
 * rejected; a size that cannot be right (over 1 MiB, or past the end of the file) rejects the rest of the file,
 * once, because nothing after it can be framed.
 */
final class DecisionLogFiles {

    /** Far above any real record (a few KB), far below what would strain an executor's heap. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private DecisionLogFiles() {
    }

    /** The import lines of every decision log file that {@code paths} (files, folders or globs) name. */
    static JavaRDD<ImportLine> read(JavaSparkContext spark, List<String> paths, ShardLayout layout) {
        return spark.binaryFiles(String.join(",", paths))
                .flatMap(file -> new Records(file._1(), open(file._1(), file._2()), layout));
    }

    private static InputStream open(String file, PortableDataStream data) throws IOException {
        InputStream in = data.open();
        TaskContext task = TaskContext.get();
        if (task != null) {
            // Spark drains the iterator lazily; the file is closed when the task ends, however it ends.
            task.addTaskCompletionListener((TaskCompletionListener) context -> IOUtils.closeStream(in));
        }
        return new BufferedInputStream(file.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in, 1 << 16);
    }

    /** The records of one file, parsed as they are read. */
    private static final class Records implements Iterator<ImportLine> {

        private final String file;
        private final InputStream in;
        private final ShardLayout layout;
        private long recordNumber;
        private boolean framingLost;
        private ImportLine next;

        Records(String file, InputStream in, ShardLayout layout) {
            this.file = file;
            this.in = in;
            this.layout = layout;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !framingLost) {
                try {
                    next = read();
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": " + e.getMessage(), e);
                }
            }
            return next != null;
        }

        @Override
        public ImportLine next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ImportLine line = next;
            next = null;
            return line;
        }

        private ImportLine read() throws IOException {
            int first = in.read();
            if (first == -1) {
                return null;
            }
            Location location = new Location(file, ++recordNumber);
            int size;
            try {
                size = CodedInputStream.readRawVarint32(first, in);
            } catch (InvalidProtocolBufferException e) {
                return lostFraming(location, "the file ends inside a record's size (truncated)");
            }
            if (size < 0 || size > MAX_RECORD_BYTES) {
                return lostFraming(location, "declares " + Integer.toUnsignedString(size)
                        + " bytes, more than the limit of " + MAX_RECORD_BYTES + "; the rest of the file is skipped");
            }
            byte[] bytes = in.readNBytes(size);
            if (bytes.length < size) {
                return lostFraming(location, "declares " + size + " bytes but the file ends after " + bytes.length
                        + " (truncated)");
            }
            try {
                return ImportLine.ofRequest(DecisionRows.toRequestRow(DecisionRecord.parseFrom(bytes)), location,
                        layout);
            } catch (InvalidProtocolBufferException e) {
                return ImportLine.rejected(ImportLine.Side.REQUEST, location, "not a DecisionRecord: "
                        + e.getMessage(), layout);
            }
        }

        private ImportLine lostFraming(Location location, String reason) {
            framingLost = true;
            return ImportLine.rejected(ImportLine.Side.REQUEST, location, reason, layout);
        }
    }
}
