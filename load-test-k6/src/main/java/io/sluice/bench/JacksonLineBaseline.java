package io.sluice.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same-run baseline of a timed {@code sluice import}: reads a request log the same way (line by line) and parses
 * each line's JSON into a plain Jackson tree, nothing else: {@code JacksonLineBaseline FILE}.
 */
public final class JacksonLineBaseline {

    private JacksonLineBaseline() {
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper jackson = JsonMapper.builder().build();
        long lines = 0;
        long fields = 0;
        try (BufferedReader in = new BufferedReader(Files.newBufferedReader(Path.of(args[0]), UTF_8), 1 << 16)) {
            for (String line; (line = in.readLine()) != null; ) {
                fields += jackson.readTree(line.substring(line.indexOf('\t') + 1)).size();
                lines++;
            }
        }
        System.out.println(lines + " lines, " + fields + " top-level fields");
    }
}
