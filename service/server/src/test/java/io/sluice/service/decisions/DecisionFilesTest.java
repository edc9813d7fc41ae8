package io.sluice.service.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.service.config.DataSize;
import io.sluice.service.config.S3Location;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of the decision log: finished by age as well as size, named by when they started. */
class DecisionFilesTest {

    private static final Instant START = Instant.parse("2026-12-02T23:59:30Z");
    private static final DecisionRecord RECORD = DecisionRecord.newBuilder()
            .setBidRequest(BidRequest.newBuilder().setId("r")).build();

    @TempDir
    Path folder;

    @Test
    void aQuietFileIsFinishedAtItsAgeLimitAndUploadedUnderTheHourItStarted() throws Exception {
        MutableClock clock = new MutableClock(START);
        DecisionFiles files = new DecisionFiles(folder, DataSize.ofMiB(64), Duration.ofMinutes(5), clock, "host-1");

        files.append(RECORD);
        clock.now = START.plus(Duration.ofMinutes(4));
        assertThat(files.finishIfDue()).isFalse();
        assertThat(files.finished()).isEmpty();
        assertThat(files.untilDue()).isEqualTo(Duration.ofMinutes(1));
        clock.now = START.plus(Duration.ofMinutes(5));
        assertThat(files.finishIfDue()).isTrue();

        assertThat(files.finished()).singleElement().satisfies(file -> {
            String name = file.getFileName().toString();
            assertThat(name).isEqualTo("decisions-20261202T235930Z-host-1-000001.binpb");
            assertThat(new DecisionUploader(null, S3Location.parse("s3://b/logs").orElseThrow()).keyOf(name))
                    .isEqualTo("logs/dt=2026-12-02/hour=23/" + name);
        });
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {

        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
