package io.sluice.shaping;

/** A monotonic time source in nanoseconds; tests pass a simulated one to run a stream of minutes in milliseconds. */
@FunctionalInterface
public interface Ticker {

    /** The JVM's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; never decreases. */
    long nanos();
}
