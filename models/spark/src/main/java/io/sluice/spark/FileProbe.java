package io.sluice.spark;

import io.sluice.BadInputException;

/**
 * Fails a file fast when it is evidently not what it was given as: its first {@value #PROBE_LINES} lines (or all,
 * if fewer) rejected. The same rule and message as {@code sluice import}'s, so both refuse the same files.
 */
final class FileProbe {

    /** Lines that decide whether a file is what it claims. */
    static final int PROBE_LINES = 20;

    private final String file;
    private final String expected;
    private long lines;
    private boolean anyAccepted;
    private String firstRejection;

    FileProbe(String file, String expected) {
        this.file = file;
        this.expected = expected;
    }

    /** Notes what the next line gave. */
    void saw(ImportLine line) {
        lines++;
        if (!line.isRejected()) {
            anyAccepted = true;
            return;
        }
        if (firstRejection == null) {
            firstRejection = line.rejection();
        }
        if (!anyAccepted && lines == PROBE_LINES) {
            throw notExpected("its first " + PROBE_LINES + " lines were all rejected");
        }
    }

    /** At the end of the file: a short file with no usable line is as wrong as a long one. */
    void finished() {
        if (!anyAccepted && lines > 0) {
            throw notExpected("none of its " + lines + " lines could be read");
        }
    }

    /** A file that holds binary data where text was expected. */
    BadInputException binary(long line) {
        return new BadInputException(file + ": not " + expected + ": binary data at line " + line);
    }

    private BadInputException notExpected(String what) {
        return new BadInputException(file + ": not " + expected + ": " + what + " (line 1: " + firstRejection + ")");
    }
}
