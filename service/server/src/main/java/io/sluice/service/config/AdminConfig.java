package io.sluice.service.config;

import java.time.Duration;

/**
 * Settings of the operations HTTP endpoint (keys {@code admin.*}).
 *
 * @param requestTimeout longest a connection may take to send its request and read the answer
 * @param maxConnections connections held at once; beyond it the longest-waiting one is dropped for the new one
 */
public record AdminConfig(String bindAddress, int port, Duration requestTimeout, int maxConnections) {

    static AdminConfig from(Settings s) {
        Duration timeout = s.duration("admin.request-timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ConfigException("admin.request-timeout must be positive, got '"
                    + s.string("admin.request-timeout") + "'");
        }
        int connections = s.integer("admin.max-connections");
        if (connections < 1) {
            throw new ConfigException("admin.max-connections must be at least 1, got " + connections);
        }
        return new AdminConfig(s.string("admin.bind-address"), GrpcConfig.port(s, "admin.port"), timeout,
                connections);
    }
}
