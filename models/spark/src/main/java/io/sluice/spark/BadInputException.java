package io.sluice.spark;

/** Input the job cannot import at all (a missing path, a file that is not what it claims, too many bad lines). */
final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message, null, false, false);
    }
}
