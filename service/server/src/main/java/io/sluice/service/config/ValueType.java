package io.sluice.service.config;

/**
 * The type and constraint half of a {@link Setting}: how its text becomes a value, how a value is printed back, and
 * what is accepted. Implementations are in {@link ValueTypes}.
 *
 * @param <T> the parsed value
 */
public interface ValueType<T> {

    /** The value {@code text} stands for; throws IllegalArgumentException when the text is not accepted. */
    T parse(String text);

    /** The text that parses back to {@code value}, in its preferred unit ({@code 10s}, {@code 64KiB}). */
    String format(T value);

    /** What is accepted, phrased to follow "must be", e.g. "a port number from 0 to 65535". */
    String expected();
}
