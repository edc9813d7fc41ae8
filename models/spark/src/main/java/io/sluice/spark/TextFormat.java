package io.sluice.spark;

import java.io.Serializable;

/** How the lines of one kind of text log become {@link ImportLine}s. */
interface TextFormat extends Serializable {

    /** What such a file is, for messages: "an iPinYou bid log". */
    String expected();

    /** A parser of one file's lines, read first line first (a CSV file starts with its header). */
    LineParser newParser(String file);

    /** Parses the lines of one file in order. */
    interface LineParser {

        /** The import line of {@code line} read at {@code location}; null for a header. */
        ImportLine parse(String line, Location location);
    }
}
