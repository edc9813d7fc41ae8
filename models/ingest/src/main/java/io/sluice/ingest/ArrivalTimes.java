package io.sluice.ingest;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Reads a logged arrival time: an ISO-8601 UTC instant ({@code 2026-12-01T10:15:30.123Z}) or epoch milliseconds. */
final class ArrivalTimes {

    /** Nanoseconds of one unit in the last place of a fraction with this many digits. */
    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
        100, 10, 1};

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
        Timestamp common = parseUtcSeconds(text);
        if (common != null) {
            return valid(common);
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

    /**
     * The usual log form, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, read by position; null for any other form, which
     * {@link Instant#parse} then reads. Instant.parse builds a formatter on every call (JDK 17), several times the
     * cost of the rest of the arrival time, on a path that runs once per log line.
     */
    private static Timestamp parseUtcSeconds(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (t.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            int fraction = digits(t, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANOS_PER_DIGIT[digits];
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            long seconds = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code t} from {@code start} to {@code end}, or -1 if a character is not a digit. */
    private static int digits(String t, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
