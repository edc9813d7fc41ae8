package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.ADMIN_BIND_ADDRESS;
import static io.sluice.service.config.SettingsCatalog.ADMIN_MAX_CONNECTIONS;
import static io.sluice.service.config.SettingsCatalog.ADMIN_PORT;
import static io.sluice.service.config.SettingsCatalog.ADMIN_REQUEST_TIMEOUT;

import java.time.Duration;

/**
 * Settings of the operations HTTP endpoint (keys {@code admin.*}).
 *
 * @param requestTimeout longest a connection may take to send its request and read the answer
 * @param maxConnections connections held at once; beyond it the longest-waiting one is dropped for the new one
 */
public record AdminConfig(String bindAddress, int port, Duration requestTimeout, int maxConnections) {

    static AdminConfig from(ConfigReader r) {
        return new AdminConfig(r.get(ADMIN_BIND_ADDRESS), r.get(ADMIN_PORT), r.get(ADMIN_REQUEST_TIMEOUT),
                r.get(ADMIN_MAX_CONNECTIONS));
    }
}
