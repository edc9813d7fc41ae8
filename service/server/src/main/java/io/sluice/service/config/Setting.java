package io.sluice.service.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The one declaration of a setting: key, value type (with its unit and constraint), default and meaning. The
 * defaults document ({@code sluice serve --print-defaults}), {@code --print-config}, the environment variable name
 * and validation all come from it. Every setting is declared in {@link SettingsCatalog}.
 *
 * @param key              the key in files and {@code --set}, e.g. {@code grpc.port}
 * @param type             how the text is parsed and printed, and what is accepted
 * @param defaultValue     the value when nothing overrides it
 * @param description      what the setting means, for the defaults document
 * @param standardVariable a non-Sluice environment variable that also sets it (its {@code SLUICE_*} variable wins)
 * @param <T>              the parsed value
 */
public record Setting<T>(String key, ValueType<T> type, T defaultValue, String description,
                         Optional<String> standardVariable) {

    static final String ENV_PREFIX = "SLUICE_";

    public Setting {
        // The default must satisfy the declaration's own constraint, and print as text that parses back to it.
        if (!type.parse(type.format(defaultValue)).equals(defaultValue)) {
            throw new IllegalStateException(key + ": the default does not parse back to itself");
        }
    }

    /** A setting that only Sluice's own sources (file, {@code SLUICE_*} variable, --set) set. */
    public static <T> Setting<T> of(String key, ValueType<T> type, T defaultValue, String description) {
        return new Setting<>(key, type, defaultValue, description, Optional.empty());
    }

    /** The same setting, also read from the standard environment variable {@code name}. */
    public Setting<T> alsoFrom(String name) {
        return new Setting<>(key, type, defaultValue, description, Optional.of(name));
    }

    /** {@code SLUICE_} + the key in upper case with '.' and '-' as '_': grpc.port is SLUICE_GRPC_PORT. */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    /** The environment variable of any key, known or not. */
    static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The default as it is written in a file. */
    public String defaultText() {
        return type.format(defaultValue);
    }

    /** The value of {@code text} (trimmed); throws IllegalArgumentException when the declaration refuses it. */
    public T parse(String text) {
        return type.parse(text.trim());
    }

    /**
     * {@code text} parsed as {@code type} and printed back in its preferred unit ({@code PT10S} becomes {@code 10s});
     * as given when it does not parse.
     */
    static <T> String normalize(ValueType<T> type, String text) {
        try {
            return type.format(type.parse(text.trim()));
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
