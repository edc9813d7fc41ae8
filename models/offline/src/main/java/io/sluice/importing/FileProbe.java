package io.sluice.importing;

import io.sluice.BadInputException;

/**
 * Fails an input fast when it is evidently not what it was given as: its first {@link #PROBE_LINES} lines (or all of
 * them, if fewer) rejected, rather than counting a whole wrong file line by line.
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

    void accepted() {
        lines++;
        anyAccepted = true;
    }

    void rejected(String reason) {
        lines++;
        if (firstRejection == null) {
            firstRejection = reason;
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

    BadInputException notExpected(String what) {
        return new BadInputException(file + ": not " + expected + ": " + what + " (line 1: " + firstRejection + ")");
    }
}
