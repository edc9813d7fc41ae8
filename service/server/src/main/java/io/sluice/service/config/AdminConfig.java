package io.sluice.service.config;

/** Settings of the operations HTTP endpoint (keys {@code admin.*}). */
public record AdminConfig(String bindAddress, int port) {

    static AdminConfig from(Settings s) {
        return new AdminConfig(s.string("admin.bind-address"), GrpcConfig.port(s, "admin.port"));
    }
}
