package io.sluice.compat.thrift;

import java.time.Duration;

/**
 * Settings of the legacy Thrift endpoint.
 *
 * @param bindAddress        interface to listen on
 * @param port               TCP port (legacy default 9090)
 * @param maxConnections     worker threads, one per open connection (thread-per-connection, as legacy clients
 *                           expect); when all are taken, a new connection takes the worker of the connection
 *                           longest without a completed message, or is closed at once if every connection
 *                           completed one within {@code messageReadTimeout}
 * @param idleTimeout        a connection silent for this long is closed (defends against slow clients)
 * @param requestBudget      server-side deadline for one call (the legacy protocol carries none)
 * @param maxMessageBytes    largest accepted message
 * @param maxStringBytes     largest accepted string field
 * @param maxContainerLength largest accepted list/map/set
 * @param mondayIs           the number legacy producers use for Monday in dayOfWeek (0 or 1); the week is
 *                           Monday..Sunday = mondayIs..mondayIs+6
 * @param drainTimeout       how long shutdown waits for open connections to finish their calls
 * @param messageReadTimeout a message must arrive whole within this long of its first byte (defends against
 *                           clients dripping bytes, which the idle timeout alone does not); a connection that
 *                           completed a message within this long is never evicted to make room for a new one
 * @param writeTimeout       a write of an answer that has not returned after this long (the client does not read)
 *                           closes the connection
 * @param onError            what a call that cannot be scored answers: its exception, or a policy likelihood
 */
public record LegacyThriftConfig(String bindAddress, int port, int maxConnections, Duration idleTimeout,
                                 Duration requestBudget, int maxMessageBytes, int maxStringBytes,
                                 int maxContainerLength, int mondayIs, Duration drainTimeout,
                                 Duration messageReadTimeout, Duration writeTimeout, OnErrorPolicy onError) {

    public LegacyThriftConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("thrift.port must be 0..65535, got " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("thrift.max-connections must be at least 1, got " + maxConnections);
        }
        if (mondayIs != 0 && mondayIs != 1) {
            throw new IllegalArgumentException("thrift.monday-is must be 0 or 1, got " + mondayIs);
        }
        if (maxMessageBytes < 1 || maxStringBytes < 1 || maxContainerLength < 1) {
            throw new IllegalArgumentException("thrift size limits must be positive");
        }
        if (messageReadTimeout.isNegative() || messageReadTimeout.isZero()) {
            throw new IllegalArgumentException("thrift.message-read-timeout must be positive, got "
                    + messageReadTimeout);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("thrift.write-timeout must be positive, got " + writeTimeout);
        }
    }
}
