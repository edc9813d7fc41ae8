package io.sluice.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A request's publisher-local hour and weekday, from its arrival instant and the publisher's UTC offset. */
class RequestTimeTest {

    @Test
    void anOffsetEastOfUtcCanMoveTheRequestIntoTheNextDay() {
        Instant sundayUtc = Instant.parse("2026-11-29T20:30:00Z");

        assertThat(RequestTime.at(sundayUtc, 0)).isEqualTo(new RequestTime(20, 6));
        assertThat(RequestTime.at(sundayUtc, 8 * 60)).isEqualTo(new RequestTime(4, 0));
    }

    @Test
    void anOffsetWestOfUtcCanMoveTheRequestIntoThePreviousDay() {
        Instant mondayUtc = Instant.parse("2026-11-30T02:00:00Z");

        assertThat(RequestTime.at(mondayUtc, -5 * 60)).isEqualTo(new RequestTime(21, 6));
        assertThat(RequestTime.at(Instant.EPOCH, -60)).isEqualTo(new RequestTime(23, 2));
    }

    @Test
    void everyHourOfTheWeekHasItsOwnValue() {
        Instant monday = Instant.parse("2026-11-30T00:00:00Z");
        for (int weekHour = 0; weekHour < 7 * 24; weekHour++) {
            assertThat(RequestTime.at(monday.plusSeconds(weekHour * 3_600L), 0))
                    .isEqualTo(new RequestTime(weekHour % 24, weekHour / 24));
        }
    }
}
