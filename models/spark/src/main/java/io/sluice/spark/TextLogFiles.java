package io.sluice.spark;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Reads text logs through the cluster's Hadoop file systems (local files, HDFS, {@code s3://} on EMR), globs
 * expanded and {@code .gz} files decompressed by Hadoop's codecs, and turns each line into an {@link ImportLine}.
 */
final class TextLogFiles {

    private TextLogFiles() {
    }

    /** The import lines of every file that {@code paths} (files, folders or globs) name, read by {@code format}. */
    static JavaRDD<ImportLine> read(JavaSparkContext spark, List<String> paths, TextFormat format) {
        JavaNewHadoopRDD<LongWritable, Text> files = (JavaNewHadoopRDD<LongWritable, Text>) spark.newAPIHadoopFile(
                String.join(",", paths), WholeFileTextInputFormat.class, LongWritable.class, Text.class,
                new Configuration(spark.hadoopConfiguration()));
        return files.mapPartitionsWithInputSplit((split, lines) -> parse(split, lines, format), false);
    }

    private static Iterator<ImportLine> parse(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines,
                                              TextFormat format) {
        String file = ((FileSplit) split).getPath().toString();
        return new ParsedLines(file, lines, format.forFile(file));
    }

    /** The lines of one file, parsed as they are read; a header gives no import line. */
    private static final class ParsedLines implements Iterator<ImportLine> {

        private final String file;
        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private final TextFormat.LineParser parser;
        private long lineNumber;
        private ImportLine next;

        ParsedLines(String file, Iterator<Tuple2<LongWritable, Text>> lines, TextFormat.LineParser parser) {
            this.file = file;
            this.lines = lines;
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            while (next == null && lines.hasNext()) {
                Text line = lines.next()._2();
                lineNumber++;
                next = parser.parse(line.getBytes(), line.getLength(), new Location(file, lineNumber));
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
    }
}
