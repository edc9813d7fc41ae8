package io.sluice.service.cli;

/**
 * A command that calls a running Sluice server. When the server cannot be reached, the one-line failure names the
 * address tried and the options that change it.
 */
public interface ServerClient {

    /** The address the command calls, as host:port. */
    String serverAddress();

    /** How to change the address, e.g. "--target sets the address". */
    String addressOptions();
}
