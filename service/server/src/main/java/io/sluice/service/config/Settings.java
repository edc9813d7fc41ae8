package io.sluice.service.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key/value settings merged from the built-in defaults, an optional file and the environment (later wins), with
 * typed getters whose errors name the key and the source of the bad value.
 */
public final class Settings {

    static final String DEFAULTS_RESOURCE = "/sluice-defaults.properties";
    static final String ENV_PREFIX = "SLUICE_";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)?");
    /** OpenTelemetry's own variables, which collector sidecars and platforms set; a SLUICE_* variable wins. */
    private static final Map<String, String> OPENTELEMETRY_VARIABLES = Map.of(
            "otel.exporter.otlp.endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT",
            "otel.service-name", "OTEL_SERVICE_NAME");

    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, String> sources = new TreeMap<>();

    private Settings() {
    }

    /** Defaults, then {@code file} (if not null), then matching {@code SLUICE_*} variables of {@code env}. */
    public static Settings load(Path file, Map<String, String> env) {
        Settings settings = new Settings();
        Properties defaults = defaults();
        for (String key : defaults.stringPropertyNames()) {
            settings.values.put(key, defaults.getProperty(key));
            settings.sources.put(key, "default");
        }
        if (file != null) {
            settings.putAll(readFile(file), file.toString());
        }
        for (String key : Set.copyOf(settings.values.keySet())) {
            String standard = OPENTELEMETRY_VARIABLES.get(key);
            if (standard != null && env.get(standard) != null) {
                settings.put(key, env.get(standard), "environment " + standard);
            }
            String value = env.get(environmentVariable(key));
            if (value != null) {
                settings.put(key, value, "environment " + environmentVariable(key));
            }
        }
        return settings;
    }

    /** The environment variable that overrides {@code key}. */
    public static String environmentVariable(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every known key, sorted. */
    public static Set<String> knownKeys() {
        return new TreeSet<>(defaults().stringPropertyNames());
    }

    /** A copy with {@code key} set, as an override from {@code source}. */
    public Settings with(String key, String value, String source) {
        Settings copy = new Settings();
        copy.values.putAll(values);
        copy.sources.putAll(sources);
        copy.put(key, value, source);
        return copy;
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException("missing setting " + key);
        }
        return value.trim();
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "an integer");
        }
    }

    public boolean bool(String key) {
        return switch (string(key).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "true or false");
        };
    }

    /** A number from 0 to 1, such as a sampling ratio. */
    public double fraction(String key) {
        double value;
        try {
            value = Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "a number from 0 to 1");
        }
        if (!(value >= 0 && value <= 1)) {
            throw invalid(key, "a number from 0 to 1");
        }
        return value;
    }

    public Duration duration(String key) {
        String text = string(key);
        Matcher simple = DURATION.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(key, "a duration such as 250ms, 10s, 5m or PT10S");
        }
    }

    /** A size in bytes, written as a number or with a binary unit. */
    public long bytes(String key) {
        Matcher matcher = SIZE.matcher(string(key));
        if (!matcher.matches()) {
            throw invalid(key, "a size such as 65536, 64KiB or 1MiB");
        }
        long unit = switch (matcher.group(2) == null ? "B" : matcher.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(key, "a size that fits in 64 bits");
        }
    }

    /** A size that must fit an int (protocol limits). */
    public int intBytes(String key) {
        long bytes = bytes(key);
        if (bytes > Integer.MAX_VALUE) {
            throw invalid(key, "a size below 2GiB");
        }
        return (int) bytes;
    }

    /** Every setting with its value and source, for start-up logs. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        values.forEach((key, value) -> out.append(key).append('=').append(value)
                .append("  (").append(sources.get(key)).append(")\n"));
        return out.toString();
    }

    private ConfigException invalid(String key, String expected) {
        return new ConfigException(key + " must be " + expected + ", got '" + values.get(key) + "' (from "
                + sources.get(key) + ")");
    }

    private void putAll(Properties properties, String source) {
        for (String key : properties.stringPropertyNames()) {
            put(key, properties.getProperty(key), source);
        }
    }

    private void put(String key, String value, String source) {
        if (!values.containsKey(key)) {
            throw new ConfigException("unknown setting '" + key + "' (from " + source + "); known settings: "
                    + String.join(", ", values.keySet()));
        }
        values.put(key, value);
        sources.put(key, source);
    }

    private static Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        return properties;
    }

    private static Properties readFile(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return properties;
    }
}
