package io.sluice.ingest;

import java.io.Serializable;
import java.util.Objects;

/**
 * What parsing one log line gave: either the row, or the reason it was rejected (one line, no input echoed beyond
 * a short excerpt). Ordinary bad lines are results, not exceptions, so a caller counts and skips them.
 *
 * @param row       the parsed row, or null when rejected
 * @param rejection why the line was rejected, or null when parsed
 * @param <T>       the row type
 */
public record ParseResult<T>(T row, String rejection) implements Serializable {

    public ParseResult {
        if ((row == null) == (rejection == null)) {
            throw new IllegalArgumentException("a parse result holds either a row or a rejection");
        }
    }

    /** A parsed row. */
    public static <T> ParseResult<T> of(T row) {
        return new ParseResult<>(Objects.requireNonNull(row), null);
    }

    /** A rejected line, for {@code reason}. */
    public static <T> ParseResult<T> rejected(String reason) {
        return new ParseResult<>(null, Objects.requireNonNull(reason));
    }

    /** Whether the line gave a row. */
    public boolean ok() {
        return row != null;
    }
}
