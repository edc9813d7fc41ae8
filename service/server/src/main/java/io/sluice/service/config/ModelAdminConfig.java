package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.MODEL_ADMIN_ENABLED;
import static io.sluice.service.config.SettingsCatalog.MODEL_ADMIN_TOKEN_FILE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The ModelAdmin gRPC service switch and its bearer token (keys {@code model-admin.*}). */
public record ModelAdminConfig(boolean enabled, String token) {

    static final int MIN_TOKEN_LENGTH = 16;

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ModelAdminConfig[enabled=" + enabled + ", token=<redacted>]";
    }

    static ModelAdminConfig from(ConfigReader r) {
        if (!r.get(MODEL_ADMIN_ENABLED)) {
            return new ModelAdminConfig(false, "");
        }
        String file = r.get(MODEL_ADMIN_TOKEN_FILE);
        if (file.isEmpty()) {
            r.problem(MODEL_ADMIN_ENABLED.key() + "=true needs " + MODEL_ADMIN_TOKEN_FILE.key() + " (the admin API "
                    + "is never served without authentication)");
            return new ModelAdminConfig(false, "");
        }
        String token;
        try {
            token = Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            r.problem(MODEL_ADMIN_TOKEN_FILE.key() + ": cannot read " + r.given(MODEL_ADMIN_TOKEN_FILE) + ": "
                    + e.getMessage());
            return new ModelAdminConfig(false, "");
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            r.problem(MODEL_ADMIN_TOKEN_FILE.key() + ": the token in " + r.given(MODEL_ADMIN_TOKEN_FILE)
                    + " must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        return new ModelAdminConfig(true, token);
    }
}
