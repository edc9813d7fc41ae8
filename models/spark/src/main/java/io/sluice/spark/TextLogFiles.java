package io.sluice.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.ingest.FileProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** Reads text logs line by line (UTF-8, lines split as {@code sluice import} splits them) into import lines. */
final class TextLogFiles {

    private static final int BUFFER_CHARACTERS = 1 << 16;

    private TextLogFiles() {
    }

    /** The import lines of every file that {@code paths} (files, folders or globs) name, read as {@code format}. */
    static JavaRDD<ImportLine> read(JavaSparkContext spark, List<String> paths, TextFormat format) {
        return LogFiles.read(spark, paths, (file, content) -> new ParsedLines(file,
                new BufferedReader(new InputStreamReader(content, UTF_8), BUFFER_CHARACTERS),
                format.newParser(file), new FileProbe(file, format.expected())));
    }

    /** The lines of one file, parsed as they are read; a header gives no import line. */
    private static final class ParsedLines implements Iterator<ImportLine> {

        private final String file;
        private final BufferedReader lines;
        private final TextFormat.LineParser parser;
        private final FileProbe probe;
        private long lineNumber;
        private boolean finished;
        private ImportLine next;

        ParsedLines(String file, BufferedReader lines, TextFormat.LineParser parser, FileProbe probe) {
            this.file = file;
            this.lines = lines;
            this.parser = parser;
            this.probe = probe;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !finished) {
                String line = readLine();
                if (line == null) {
                    finished = true;
                    probe.finished();
                    break;
                }
                lineNumber++;
                if (line.indexOf('\0') >= 0) {
                    throw probe.binary(lineNumber);
                }
                next = parser.parse(line, Location.line(file, lineNumber));
                if (next != null) {
                    next.noteIn(probe);
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

        private String readLine() {
            try {
                return lines.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }
    }
}
