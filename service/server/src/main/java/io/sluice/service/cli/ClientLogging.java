package io.sluice.service.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a client command's output to its own lines: gRPC's channel logs a failed name lookup as a warning with a
 * stack trace, which the command already reports as one line (the trace is there with {@code --verbose}).
 */
final class ClientLogging {

    /**
     * Held so the filter set here is not lost when java.util.logging drops an unreferenced logger. A filter rather
     * than a level, because logback resets java.util.logging levels when it starts (LevelChangePropagator).
     */
    private static final Logger CHANNEL = Logger.getLogger("io.grpc.internal.ManagedChannelImpl");

    private ClientLogging() {
    }

    /** Only severe records from the client channel. */
    static void quiet() {
        CHANNEL.setFilter(record -> record.getLevel().intValue() >= Level.SEVERE.intValue());
    }
}
