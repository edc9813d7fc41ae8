package io.sluice.service.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.DecisionRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails part-way (a full disk; here a real file-size limit on a child JVM) costs the record being
 * written, never the readability of the file: what the log leaves is whole records, and later records still land.
 */
class DecisionFilesWriteFailureTest {

    @TempDir
    Path folder;

    @Test
    void aWriteThatFailsPartWayLeavesOnlyWholeRecordsAndLaterRecordsStillLand() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder("bash", "-c", "ulimit -f 4 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                java.toString(), System.getProperty("java.class.path"), FileSizeLimitedAppends.class.getName(),
                folder.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        int appended = Integer.parseInt(output.lines().filter(line -> line.startsWith("appended="))
                .findFirst().orElseThrow(() -> new AssertionError(output)).substring("appended=".length()));

        List<Path> left;
        try (Stream<Path> files = Files.list(folder)) {
            left = files.sorted().toList();
        }
        int read = 0;
        for (Path file : left) {
            assertThat(file.getFileName().toString()).endsWith(DecisionFiles.FINISHED_SUFFIX);
            read += wholeRecordsIn(file);
        }
        assertThat(read).as("records read back, of %d appended; output: %s", appended, output).isEqualTo(appended);
        assertThat(appended).as("records after the first failure land in later files")
                .isGreaterThan(FileSizeLimitedAppends.RECORDS / 2);
    }

    /** Reads {@code file} to its end, failing on a record that is cut short. */
    private static int wholeRecordsIn(Path file) throws Exception {
        int records = 0;
        try (InputStream in = Files.newInputStream(file)) {
            DecisionRecord record;
            while ((record = DecisionRecord.parseDelimitedFrom(in)) != null) {
                assertThat(record).isEqualTo(FileSizeLimitedAppends.RECORD);
                records++;
            }
        }
        return records;
    }
}
