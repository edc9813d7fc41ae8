package io.sluice.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.ingest.FileProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.List;
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
    private static final class ParsedLines extends ProbedImportLines {

        private final String file;
        private final BufferedReader lines;
        private final TextFormat.LineParser parser;
        private long lineNumber;

        ParsedLines(String file, BufferedReader lines, TextFormat.LineParser parser, FileProbe probe) {
            super(file, probe);
            this.file = file;
            this.lines = lines;
            this.parser = parser;
        }

        @Override
        ImportLine readNext() throws IOException {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.indexOf('\0') >= 0) {
                    throw probe().binary(lineNumber);
                }
                ImportLine parsed = parser.parse(line, Location.line(file, lineNumber));
                if (parsed != null) {
                    return parsed;
                }
            }
            return null;
        }
    }
}
