package io.sluice.service.decisions;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.service.config.DataSize;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Appends decision records to {@link DecisionFiles} in the folder given as the argument and prints how many
 * appends succeeded; {@link DecisionFilesWriteFailureTest} runs it under a file-size limit ({@code ulimit -f}) so
 * that writes fail part-way, as they do when a disk fills.
 */
final class FileSizeLimitedAppends {

    static final int RECORDS = 100;
    /** About 500 bytes per record, so that a 4 KiB limit cuts a file after a few records and inside one. */
    static final DecisionRecord RECORD = DecisionRecord.newBuilder()
            .setBidRequest(BidRequest.newBuilder().setId("r".repeat(500))).build();

    private FileSizeLimitedAppends() {
    }

    public static void main(String[] args) throws IOException {
        int appended = 0;
        try (DecisionFiles files = new DecisionFiles(Path.of(args[0]), DataSize.ofMiB(1), Duration.ofHours(1),
                Clock.systemUTC(), "limited")) {
            for (int i = 0; i < RECORDS; i++) {
                try {
                    files.append(RECORD);
                    appended++;
                } catch (IOException e) {
                    // Counted by the test as a record that was not written.
                }
            }
        } catch (IOException e) {
            System.out.println("close failed: " + e.getMessage());
        }
        System.out.println("appended=" + appended);
    }
}
