package io.sluice;

/**
 * A problem with what a person gave Sluice (a file, a setting, an argument) rather than a failure of Sluice itself.
 * The message names the input and what is accepted; command-line tools print it as one line and exit 2.
 */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
