package io.sluice.client;

import java.time.Duration;

/**
 * How {@link AdaptiveThrottle} weighs the server's recent answers.
 *
 * @param acceptsMultiplier K: the throttle lets through about K calls per call the server recently accepted, so K - 1
 *                          is the share of extra calls that keep probing whether the server has capacity again;
 *                          lower refuses sooner and recovers slower, and it must be above 1 or a throttle never lets
 *                          more through than it already does
 * @param window            how far back the server's answers count: a shorter window forgets an overload sooner
 *                          after it ends, a longer one judges on more calls
 */
public record ThrottleSettings(double acceptsMultiplier, Duration window) {

    /**
     * K = 1.5, below the Google SRE book's 2: refusing in the transport costs a Sluice replica a fifth to a half of
     * an answer, so the extra calls K lets through are dear; under a quarter core's quota at 4x its capacity,
     * callers with K = 1.5 got 0.96-1.63 of the capacity answered in time, with K = 2 0.81-1.54 (BENCHMARKS.md set
     * O). A 250 ms window, so that an overload's refusals are forgotten soon after it ends: after 4x the client
     * refused about half the calls of the first 250 ms, 5-8% of the next, and none after 500 ms.
     */
    public static final ThrottleSettings DEFAULTS = new ThrottleSettings(1.5, Duration.ofMillis(250));

    /** The window is kept in this many slices, each forgotten at once when it ages out. */
    static final int SLICES = 10;

    public ThrottleSettings {
        if (!(acceptsMultiplier > 1.0) || Double.isInfinite(acceptsMultiplier)) {
            throw new IllegalArgumentException("the accepts multiplier must be a number above 1, got "
                    + acceptsMultiplier);
        }
        if (window.toMillis() < SLICES) {
            throw new IllegalArgumentException("the throttle's window must be at least " + SLICES + " ms, got "
                    + window.toMillis() + " ms");
        }
    }
}
