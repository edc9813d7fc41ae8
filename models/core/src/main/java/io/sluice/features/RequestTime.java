package io.sluice.features;

import java.time.Instant;

/**
 * Publisher-local hour of day and weekday of a request: the only time features the model sees.
 *
 * @param hourOfDay 0..23
 * @param weekday   0..6, Monday = 0
 */
public record RequestTime(int hourOfDay, int weekday) {

    private static final int SECONDS_PER_HOUR = 3600;
    private static final int SECONDS_PER_DAY = 86_400;
    /** 1970-01-01 was a Thursday, which is 3 days after Monday. */
    private static final int EPOCH_WEEKDAY = 3;
    /** Every value, by weekday * 24 + hour: a request's time is one of these, not a new record per request. */
    private static final RequestTime[] OF_WEEK = new RequestTime[7 * 24];

    static {
        for (int weekHour = 0; weekHour < OF_WEEK.length; weekHour++) {
            OF_WEEK[weekHour] = new RequestTime(weekHour % 24, weekHour / 24);
        }
    }

    public RequestTime {
        if (hourOfDay < 0 || hourOfDay > 23) {
            throw new IllegalArgumentException("hourOfDay must be 0..23, got " + hourOfDay);
        }
        if (weekday < 0 || weekday > 6) {
            throw new IllegalArgumentException("weekday must be 0..6 (Monday = 0), got " + weekday);
        }
    }

    /** The local time of {@code arrival} in a timezone {@code utcOffsetMinutes} from UTC. */
    public static RequestTime at(Instant arrival, int utcOffsetMinutes) {
        long local = arrival.getEpochSecond() + utcOffsetMinutes * 60L;
        int hour = (int) Math.floorMod(Math.floorDiv(local, SECONDS_PER_HOUR), 24L);
        int weekday = (int) Math.floorMod(Math.floorDiv(local, SECONDS_PER_DAY) + EPOCH_WEEKDAY, 7L);
        return OF_WEEK[weekday * 24 + hour];
    }
}
