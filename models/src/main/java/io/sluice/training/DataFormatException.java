package io.sluice.training;

/** A training data file that cannot be read as documented; the message names the file and line. */
public final class DataFormatException extends RuntimeException {

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
