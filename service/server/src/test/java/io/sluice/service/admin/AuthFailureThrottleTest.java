package io.sluice.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final AuthFailureThrottle throttle = new AuthFailureThrottle(3, Duration.ofSeconds(60), now::get);

    @Test
    void aPeerIsRefusedAfterItsFailuresUntilTheWindowSinceTheFirstHasPassed() {
        throttle.failed("10.0.0.1");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        throttle.failed("10.0.0.1");
        assertThat(throttle.retryAfter("10.0.0.1")).isZero();
        throttle.failed("10.0.0.1");

        assertThat(throttle.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(50));
        assertThat(throttle.retryAfter("10.0.0.2")).isZero();

        now.addAndGet(Duration.ofSeconds(50).toNanos());
        assertThat(throttle.retryAfter("10.0.0.1")).isZero();
    }
}
