package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import org.junit.jupiter.api.Test;

/** A request log line is an arrival time, a tab and the exchange's JSON; any other line is rejected with a reason. */
class OpenRtbLogLinesTest {

    private static final String JSON = "{\"id\":\"r1\",\"imp\":[{\"id\":\"1\",\"tagid\":\"slot-9\",\"bidfloor\":0.5,"
            + "\"banner\":{\"w\":300,\"h\":250}}],\"site\":{\"domain\":\"news.example\"}}";

    @Test
    void isoArrivalTimeAndRequestAreRead() {
        ParseResult<RequestRow> parsed = OpenRtbLogLines.parse("2026-12-01T10:15:30.250Z\t" + JSON);

        assertThat(parsed.rejection()).isNull();
        RequestRow row = parsed.row();
        assertThat(row.requestId()).isEqualTo("r1");
        assertThat(row.request().getImp(0).getBidfloorMicros()).isEqualTo(500_000);
        assertThat(row.request().getSite().getDomain()).isEqualTo("news.example");
        assertThat(Timestamps.toString(row.arrivalTime())).isEqualTo("2026-12-01T10:15:30.250Z");
        assertThat(row.wasSentTo("any-partner")).as("the log does not say where it went").isTrue();
    }

    @Test
    void epochMillisecondArrivalTimeIsRead() {
        ParseResult<RequestRow> parsed = OpenRtbLogLines.parse("1796126130250\t" + JSON);

        assertThat(Timestamps.toMillis(parsed.row().arrivalTime())).isEqualTo(1796126130250L);
    }

    @Test
    void arrivalTimesAreReadToTheNanosecondAndImpossibleDatesRejected() {
        assertThat(Timestamps.toString(OpenRtbLogLines.parse("2026-12-01T10:15:30.123456789Z\t" + JSON).row()
                .arrivalTime())).isEqualTo("2026-12-01T10:15:30.123456789Z");
        assertThat(Timestamps.toString(OpenRtbLogLines.parse("2026-12-01T10:15:30Z\t" + JSON).row()
                .arrivalTime())).isEqualTo("2026-12-01T10:15:30Z");
        assertThat(OpenRtbLogLines.parse("2026-02-30T10:15:30Z\t" + JSON).ok()).isFalse();
    }

    @Test
    void lineWithoutArrivalTimeIsRejected() {
        assertThat(OpenRtbLogLines.parse(JSON).rejection()).contains("no tab");
    }

    @Test
    void unreadableArrivalTimeIsRejectedNamingIt() {
        assertThat(OpenRtbLogLines.parse("yesterday\t" + JSON).rejection())
                .isEqualTo("arrival time 'yesterday' is neither an ISO-8601 UTC instant nor epoch milliseconds");
    }

    @Test
    void invalidRequestIsRejectedAtItsJsonPath() {
        String line = "2026-12-01T10:15:30Z\t{\"id\":\"r1\",\"imp\":[{\"bidfloor\":\"cheap\"}]}";

        assertThat(OpenRtbLogLines.parse(line).rejection()).startsWith("$.imp[0].bidfloor");
    }

    @Test
    void binaryIsRejectedNotThrown() {
        ParseResult<RequestRow> parsed = OpenRtbLogLines.parse("\u0000\u0001PK\u0003\u0004 binary");

        assertThat(parsed.ok()).isFalse();
    }
}
