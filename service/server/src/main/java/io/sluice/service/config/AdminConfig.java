package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.ADMIN_BIND_ADDRESS;
import static io.sluice.service.config.SettingsCatalog.ADMIN_PORT;

/** Settings of the operations HTTP endpoint (keys {@code admin.*}). */
public record AdminConfig(String bindAddress, int port) {

    static AdminConfig from(ConfigReader r) {
        return new AdminConfig(r.get(ADMIN_BIND_ADDRESS), r.get(ADMIN_PORT));
    }
}
