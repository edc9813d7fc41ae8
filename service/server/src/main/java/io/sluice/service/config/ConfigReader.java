package io.sluice.service.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The typed values of one {@link Settings}, for building the config records. Every declared setting is parsed up
 * front and every problem is collected instead of stopping at the first: a value its declaration refuses is
 * recorded and replaced by the default, so the records can still be built and their own checks still run.
 */
final class ConfigReader {

    private final Settings settings;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Map<String, ?>> families = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Settings settings) {
        this.settings = settings;
        problems.addAll(settings.problems());
        for (Setting<?> setting : SettingsCatalog.all()) {
            values.put(setting.key(), parse(setting));
        }
        for (SettingFamily<?> family : SettingsCatalog.families()) {
            families.put(family.key(), parse(family));
        }
    }

    /** The value of {@code setting}; its default if the given text was refused (and reported). */
    @SuppressWarnings("unchecked")
    <T> T get(Setting<T> setting) {
        return (T) values.get(setting.key());
    }

    /** The members of {@code family} that are set, by member name; a refused value is reported and left out. */
    @SuppressWarnings("unchecked")
    <T> Map<String, T> get(SettingFamily<T> family) {
        return (Map<String, T>) families.get(family.key());
    }

    /** The given text and its source, for messages: {@code 'x' (from environment SLUICE_...)}. */
    String given(Setting<?> setting) {
        return given(setting.key());
    }

    private String given(String key) {
        return "'" + settings.text(key).trim() + "' (from " + settings.source(key) + ")";
    }

    /** Records a problem that no single declaration can see, such as two settings that must be set together. */
    void problem(String message) {
        problems.add(message);
    }

    /** {@code build} applied to this reader; a record's IllegalArgumentException becomes a problem and null. */
    <T> T build(Function<ConfigReader, T> build) {
        try {
            return build.apply(this);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** Throws one exception listing every problem, if there is any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private <T> Map<String, T> parse(SettingFamily<T> family) {
        Map<String, T> members = new TreeMap<>();
        settings.members(family).forEach((member, key) -> {
            try {
                members.put(member, family.type().parse(settings.text(key).trim()));
            } catch (IllegalArgumentException e) {
                refused(key, family.type());
            }
        });
        return members;
    }

    private <T> T parse(Setting<T> setting) {
        try {
            return setting.parse(settings.text(setting));
        } catch (IllegalArgumentException e) {
            refused(setting.key(), setting.type());
            return setting.defaultValue();
        }
    }

    private void refused(String key, ValueType<?> type) {
        problems.add(key + " must be " + type.expected() + ", got " + given(key));
    }
}
