package io.sluice.service.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The ModelAdmin gRPC service switch and its bearer token (keys {@code model-admin.*}). */
public record ModelAdminConfig(boolean enabled, String token) {

    private static final int MIN_TOKEN_LENGTH = 16;

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ModelAdminConfig[enabled=" + enabled + ", token=<redacted>]";
    }

    static ModelAdminConfig from(Settings s) {
        if (!s.bool("model-admin.enabled")) {
            return new ModelAdminConfig(false, "");
        }
        String file = s.string("model-admin.token-file");
        if (file.isEmpty()) {
            throw new ConfigException("model-admin.enabled=true needs model-admin.token-file (the admin API is never "
                    + "served without authentication)");
        }
        String token;
        try {
            token = Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new ConfigException("model-admin.token-file: cannot read " + file + ": " + e.getMessage());
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException("model-admin.token-file: the token must be at least " + MIN_TOKEN_LENGTH
                    + " characters");
        }
        return new ModelAdminConfig(true, token);
    }
}
