package io.sluice.ingest;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;

/** Reads a logged arrival time: an ISO-8601 UTC instant ({@code 2026-12-01T10:15:30.123Z}) or epoch milliseconds. */
final class ArrivalTimes {

    private ArrivalTimes() {
    }

    /** The time {@code text} gives, or null when it is neither form. */
    static Timestamp parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (allDigits(text)) {
            if (text.length() > 15) {
                return null;
            }
            return valid(ofEpochMilli(Long.parseLong(text)));
        }
        try {
            Instant at = Instant.parse(text);
            return valid(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build());
        } catch (DateTimeException e) {
            return null;
        }
    }

    static Timestamp ofEpochMilli(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }

    /** {@code at}, or null outside protobuf's Timestamp range (years 1 to 9999). */
    private static Timestamp valid(Timestamp at) {
        return Timestamps.isValid(at) ? at : null;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
