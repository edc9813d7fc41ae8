package io.sluice.spark;

import java.io.Serializable;

/** How the lines of one kind of text log become {@link ImportLine}s. */
interface TextFormat extends Serializable {

    /** The parser of the lines of {@code file}, read first line first (a CSV file starts with its header). */
    LineParser forFile(String file);

    /** Parses the lines of one file in order. */
    interface LineParser {

        /** The import line of the UTF-8 {@code line} (no newline) read at {@code location}; null for a header. */
        ImportLine parse(byte[] line, int length, Location location);
    }
}
