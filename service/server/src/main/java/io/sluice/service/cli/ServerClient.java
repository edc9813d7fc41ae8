package io.sluice.service.cli;

import io.grpc.Status;

/**
 * A command that calls a running Sluice server. When the server cannot be reached, the one-line failure names the
 * address tried and the options that change it.
 */
public interface ServerClient {

    /** The address the command calls, as host:port. */
    String serverAddress();

    /** How to change the address, e.g. "--target sets the address". */
    String addressOptions();

    /** What the person should do after the call ended with {@code code}, to add to the failure's line; "" for nothing. */
    default String adviceOn(Status.Code code) {
        return "";
    }
}
