package io.sluice.training;

import io.sluice.BadInputException;

/** A training data file that cannot be read as documented; the message names the file and line. */
public final class DataFormatException extends BadInputException {

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
