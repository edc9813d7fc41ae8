package io.sluice.ingest;

import io.sluice.BadInputException;

/**
 * Fails an input fast when it is evidently not what it was given as: its first {@value #PROBE_LINES} lines (or all
 * of them, if fewer) rejected, rather than counting a whole wrong file line by line. {@code sluice import} and the
 * Spark job both use it, so both refuse the same files with the same message.
 */
public final class FileProbe {

    /** Lines that decide whether a file is what it claims. */
    public static final int PROBE_LINES = 20;

    private final String file;
    private final String expected;
    private long lines;
    private boolean anyAccepted;
    private String firstRejection;

    /** A probe of {@code file}, which should be {@code expected} (e.g. "a decision log"). */
    public FileProbe(String file, String expected) {
        this.file = file;
        this.expected = expected;
    }

    /** Notes that the next line was read. */
    public void accepted() {
        lines++;
        anyAccepted = true;
    }

    /** Notes that the next line was rejected for {@code reason}; fails once the probe's lines all were. */
    public void rejected(String reason) {
        lines++;
        if (firstRejection == null) {
            firstRejection = reason;
        }
        if (!anyAccepted && lines == PROBE_LINES) {
            throw notExpected("its first " + PROBE_LINES + " lines were all rejected");
        }
    }

    /** At the end of the file: a short file with no usable line is as wrong as a long one. */
    public void finished() {
        if (!anyAccepted && lines > 0) {
            throw notExpected("none of its " + lines + " lines could be read");
        }
    }

    /** A file that holds binary data where text was expected. */
    public BadInputException binary(long line) {
        return new BadInputException(file + ": not " + expected + ": binary data at line " + line);
    }

    private BadInputException notExpected(String what) {
        return new BadInputException(file + ": not " + expected + ": " + what + " (line 1: " + firstRejection + ")");
    }
}
