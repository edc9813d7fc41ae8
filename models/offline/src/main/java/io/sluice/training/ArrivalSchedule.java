package io.sluice.training;

import io.sluice.features.RequestTime;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Arrival times over {@code [start, start + span)} whose density follows a local hour-of-day traffic shape.
 *
 * <p>Row i of n is placed at the inverse cumulative intensity of {@code (i + U_i) / n}, with U_i uniform: one
 * draw per stratum, so times come out already sorted and streaming needs O(1) memory in n. The intensity is
 * constant within each UTC hour, which is also constant local hour because the offset is whole hours.
 */
final class ArrivalSchedule {

    private static final long NANOS_PER_HOUR = Duration.ofHours(1).toNanos();

    private final Instant start;
    /** Segment k covers {@code [segmentStartNanos[k], segmentStartNanos[k + 1])} nanoseconds after start. */
    private final long[] segmentStartNanos;
    /** Traffic mass before segment k (in hourly-traffic units x hours); the last entry is the total. */
    private final double[] cumulativeMass;

    ArrivalSchedule(Instant start, Duration span, double[] trafficByLocalHour, int utcOffsetMinutes) {
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("span must be positive, got " + span);
        }
        if (utcOffsetMinutes % 60 != 0) {
            throw new IllegalArgumentException("utc offset must be whole hours, got " + utcOffsetMinutes);
        }
        this.start = start;
        long spanNanos = span.toNanos();
        long startNanoOfHour = Math.floorMod(start.getEpochSecond(), 3600L) * 1_000_000_000L + start.getNano();
        long firstBoundary = NANOS_PER_HOUR - startNanoOfHour;
        int segments = 1 + (int) Math.max(0, -Math.floorDiv(firstBoundary - spanNanos, NANOS_PER_HOUR));
        segmentStartNanos = new long[segments + 1];
        cumulativeMass = new double[segments + 1];
        for (int k = 0; k < segments; k++) {
            long from = k == 0 ? 0 : firstBoundary + (k - 1) * NANOS_PER_HOUR;
            long to = Math.min(spanNanos, firstBoundary + k * NANOS_PER_HOUR);
            int hour = RequestTime.at(start.plusNanos(from), utcOffsetMinutes).hourOfDay();
            segmentStartNanos[k] = from;
            cumulativeMass[k + 1] = cumulativeMass[k] + trafficByLocalHour[hour] * (to - from) / NANOS_PER_HOUR;
        }
        segmentStartNanos[segments] = spanNanos;
    }

    /** A fresh pass placing {@code count} rows. */
    Cursor cursor(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return new Cursor(count);
    }

    /** Hands out the sorted arrival times of one pass, one per call. Not thread-safe. */
    final class Cursor {

        private final long count;
        private long issued;
        private int segment;

        private Cursor(long count) {
            this.count = count;
        }

        Instant next(SplittableRandom random) {
            if (issued >= count) {
                throw new IllegalStateException("all " + count + " arrival times were issued");
            }
            double total = cumulativeMass[cumulativeMass.length - 1];
            double target = (issued++ + random.nextDouble()) / count * total;
            int last = segmentStartNanos.length - 2;
            while (segment < last && cumulativeMass[segment + 1] <= target) {
                segment++;
            }
            long from = segmentStartNanos[segment];
            long length = segmentStartNanos[segment + 1] - from;
            double fraction = (target - cumulativeMass[segment])
                    / (cumulativeMass[segment + 1] - cumulativeMass[segment]);
            // Clamping keeps rounding from pushing a time into the next segment or past the end of the span.
            long offset = Math.min(Math.max((long) (fraction * length), 0L), length - 1);
            return start.plusNanos(from + offset);
        }
    }
}
