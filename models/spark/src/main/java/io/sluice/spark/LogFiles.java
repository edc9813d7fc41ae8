package io.sluice.spark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.io.IOUtils;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.util.TaskCompletionListener;
import scala.Tuple2;

/**
 * Reads log files through the cluster's Hadoop file systems (local, HDFS, {@code s3://} on EMR), globs and folders
 * expanded, each file whole by one task, gzip recognised by its first two bytes whatever its name (as
 * {@code sluice import} does).
 */
final class LogFiles {

    private static final int GZIP_MAGIC = 0x8b1f;
    private static final int BUFFER_BYTES = 1 << 16;

    private LogFiles() {
    }

    /** What one file's content becomes. */
    @FunctionalInterface
    interface FileReader extends Serializable {
        Iterator<ImportLine> read(String file, InputStream content) throws IOException;
    }

    /** The import lines of every file {@code paths} name, each file's content (decompressed) given to {@code reader}. */
    static JavaRDD<ImportLine> read(JavaSparkContext spark, List<String> paths, FileReader reader) {
        FlatMapFunction<Tuple2<String, PortableDataStream>, ImportLine> perFile =
                file -> reader.read(file._1(), open(file._2()));
        return spark.binaryFiles(String.join(",", paths)).flatMap(perFile);
    }

    private static InputStream open(PortableDataStream data) throws IOException {
        InputStream stored = new BufferedInputStream(data.open(), BUFFER_BYTES);
        TaskContext task = TaskContext.get();
        if (task != null) {
            // Spark drains the iterator lazily: the file is closed when the task ends, however it ends.
            task.addTaskCompletionListener((TaskCompletionListener) context -> IOUtils.closeStream(stored));
        }
        stored.mark(2);
        int magic = stored.read() | (stored.read() << 8);
        stored.reset();
        return magic == GZIP_MAGIC
                ? new BufferedInputStream(new GZIPInputStream(stored, BUFFER_BYTES), BUFFER_BYTES) : stored;
    }
}
