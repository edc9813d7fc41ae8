package io.sluice.spark;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Text lines, each file read whole by one task: line numbers are then exact (a rejection names {@code file:line},
 * as {@code sluice import} does) and a CSV file's header is seen by the task reading its rows. Gzip files are not
 * splittable anyway; split a huge plain file, or gzip it, for parallelism.
 */
public final class WholeFileTextInputFormat extends TextInputFormat {

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }
}
