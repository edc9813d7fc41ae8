package io.sluice.importing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

    private static List<String> byteLines(String text, int bufferBytes) throws IOException {
        ByteLines lines = new ByteLines(new ByteArrayInputStream(text.getBytes(UTF_8)), bufferBytes);
        List<String> read = new ArrayList<>();
        while (lines.next()) {
            read.add(new String(lines.buffer(), lines.start(), lines.length(), UTF_8));
        }
        return read;
    }

    private static List<String> readerLines(String text) throws IOException {
        return new BufferedReader(new StringReader(text)).lines().toList();
    }

    @Test
    void splitsLinesAsBufferedReaderDoesWhereverTheBufferEnds() throws IOException {
        List<String> texts = List.of("", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "a\r\r\nb", "\n\n", "\r\n\r\n",
                "{\"id\":\"é\"}\r\n{\"id\":\"2\"}", "a\r", "\ra");
        for (String text : texts) {
            for (int bufferBytes = 1; bufferBytes <= 8; bufferBytes++) {
                assertThat(byteLines(text, bufferBytes)).as("%s in %d bytes", text.replace("\r", "\\r")
                        .replace("\n", "\\n"), bufferBytes).isEqualTo(readerLines(text));
            }
        }
    }

    @Test
    void readsALineLongerThanTheBufferWhole() throws IOException {
        String longLine = "x".repeat(10_000);

        assertThat(byteLines(longLine + "\nshort\n", 64)).containsExactly(longLine, "short");
    }
}
