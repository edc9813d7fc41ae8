package io.sluice.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.BidRequest;
import io.sluice.openrtb.OpenRtbJsonMapper;
import io.sluice.scoring.ScoringException;

/**
 * Parses one line of an exchange's request log: the arrival time, a tab, then the OpenRTB 2.5/2.6 BidRequest JSON
 * on one line ({@code 2026-12-01T10:15:30.123Z<TAB>{"id":"r1","imp":[...]}}). The arrival time is an ISO-8601 UTC
 * instant or epoch milliseconds: exchanges log when a request came in beside it, and the request itself has no
 * field for it. The request is mapped and checked exactly as the server maps a JSON request
 * ({@link OpenRtbJsonMapper}). The log does not say which partners a request went to, so any partner's outcome
 * labels it.
 */
public final class OpenRtbLogLines {

    private static final OpenRtbJsonMapper MAPPER = new OpenRtbJsonMapper(LogRequestLimits.DEFAULT);
    private static final int MAX_TIME_CHARACTERS = 40;

    private OpenRtbLogLines() {
    }

    /** The request row that {@code line} holds, or why not. */
    public static ParseResult<RequestRow> parse(String line) {
        byte[] bytes = line.getBytes(UTF_8);
        return parse(bytes, 0, bytes.length);
    }

    /** The request row that {@code length} bytes of {@code line} from {@code offset} (UTF-8, no newline) hold. */
    public static ParseResult<RequestRow> parse(byte[] line, int offset, int length) {
        int end = offset + length;
        int tab = -1;
        for (int i = offset; i < Math.min(end, offset + MAX_TIME_CHARACTERS + 1); i++) {
            if (line[i] == '\t') {
                tab = i;
                break;
            }
        }
        if (tab < 0) {
            return ParseResult.rejected("expected an arrival time, a tab, then the OpenRTB JSON; found no tab in the "
                    + "first " + MAX_TIME_CHARACTERS + " characters");
        }
        String time = new String(line, offset, tab - offset, UTF_8);
        Timestamp arrival = ArrivalTimes.parse(time);
        if (arrival == null) {
            return ParseResult.rejected("arrival time '" + ScoringException.shortened(time)
                    + "' is neither an ISO-8601 UTC instant nor epoch milliseconds");
        }
        try {
            BidRequest request = MAPPER.read(line, tab + 1, end - tab - 1);
            return ParseResult.of(RequestRow.sentToEveryPartner(request, arrival));
        } catch (ScoringException e) {
            return ParseResult.rejected(e.getMessage());
        }
    }
}
