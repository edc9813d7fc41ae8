package io.sluice.service.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The text of every setting of {@link SettingsCatalog} and where it came from, merged from the declared defaults,
 * an optional file, the environment and overrides (later wins). Unknown keys and unknown {@code SLUICE_*}
 * variables are recorded, not thrown: {@link SluiceConfig#from} reports them together with every bad value.
 */
public final class Settings {

    /** {@code SLUICE_*} variables that are not settings: the JVM options of the {@code ./sluice} launcher. */
    static final Set<String> NOT_SETTINGS = Set.of("SLUICE_JAVA_OPTS");

    private record Entry(String text, String source) {
    }

    private final Map<String, Entry> entries;
    private final List<String> problems;

    private Settings(Map<String, Entry> entries, List<String> problems) {
        this.entries = entries;
        this.problems = problems;
    }

    /**
     * Defaults, then {@code file} (if not null), then the standard OpenTelemetry variables and the {@code SLUICE_*}
     * variables of {@code env}.
     */
    public static Settings load(Path file, Map<String, String> env) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Setting<?> setting : SettingsCatalog.all()) {
            entries.put(setting.key(), new Entry(setting.defaultText(), "default"));
        }
        Settings settings = new Settings(entries, new ArrayList<>());
        if (file != null) {
            settings.readFile(file);
        }
        for (Setting<?> setting : SettingsCatalog.all()) {
            setting.standardVariable().filter(env::containsKey).ifPresent(name ->
                    settings.entries.put(setting.key(), new Entry(env.get(name), "environment " + name)));
        }
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(Setting.ENV_PREFIX) || NOT_SETTINGS.contains(name)) {
                continue;
            }
            Optional<String> key = SettingsCatalog.byEnvironmentVariable(name).<String>map(Setting::key)
                    .or(() -> familyKeyOfVariable(name));
            if (key.isPresent()) {
                settings.entries.put(key.get(), new Entry(variable.getValue(), "environment " + name));
            } else {
                settings.problems.add("unknown environment variable " + name + suggestion(name,
                        SettingsCatalog.all().stream().map(Setting::environmentVariable).toList()));
            }
        }
        return settings;
    }

    /** The environment variable that sets {@code key}: SLUICE_ + the key in upper case, '.' and '-' as '_'. */
    public static String environmentVariable(String key) {
        return Setting.environmentVariable(key);
    }

    /** A copy with {@code key} set, as an override from {@code source}; an unknown key is reported by from(). */
    public Settings with(String key, String value, String source) {
        Settings copy = new Settings(new LinkedHashMap<>(entries), new ArrayList<>(problems));
        copy.put(key, value, source);
        return copy;
    }

    /**
     * Every setting with its value (durations and sizes in their preferred unit) and source, in catalog order, with
     * the members of each family that are set after the setting the family follows.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : SettingsCatalog.all()) {
            describe(out, setting.key(), setting.type());
            for (SettingFamily<?> family : SettingsCatalog.familiesAfter(setting)) {
                for (String key : members(family).values()) {
                    describe(out, key, family.type());
                }
            }
        }
        return out.toString();
    }

    private void describe(StringBuilder out, String key, ValueType<?> type) {
        Entry entry = entries.get(key);
        out.append(key).append('=').append(Setting.normalize(type, entry.text()))
                .append("  (").append(entry.source()).append(")\n");
    }

    /** The text of {@code setting}, untrimmed, as its source gave it. */
    String text(Setting<?> setting) {
        return text(setting.key());
    }

    /** Where the text of {@code setting} came from: "default", a file path, "environment VAR", "--set". */
    String source(Setting<?> setting) {
        return source(setting.key());
    }

    /** The text set for {@code key}, a setting's or a family member's, untrimmed. */
    String text(String key) {
        return entries.get(key).text();
    }

    /** Where the text of {@code key} came from. */
    String source(String key) {
        return entries.get(key).source();
    }

    /** The members of {@code family} that are set: member name to key, by key. */
    Map<String, String> members(SettingFamily<?> family) {
        Map<String, String> members = new TreeMap<>();
        for (String key : entries.keySet()) {
            family.memberOfKey(key).ifPresent(member -> members.put(member, key));
        }
        return members;
    }

    /** Unknown keys and variables, and unreadable files, met while loading. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private void put(String key, String value, String source) {
        if (entries.containsKey(key) || isFamilyMember(key)) {
            entries.put(key, new Entry(value, source));
        } else {
            problems.add("unknown setting '" + key + "' (from " + source + ")" + suggestion(key, entries.keySet()));
        }
    }

    private void readFile(Path file) {
        if (Files.isDirectory(file)) {
            problems.add("config file " + file + " is a folder; --config takes a .properties file");
            return;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            problems.add("config file " + file + ": no such file");
            return;
        } catch (AccessDeniedException e) {
            problems.add("config file " + file + ": permission denied");
            return;
        } catch (IOException | IllegalArgumentException e) {
            problems.add("cannot read config file " + file + ": " + e.getMessage());
            return;
        }
        new TreeMap<>(properties).forEach((key, value) -> put((String) key, (String) value, file.toString()));
    }

    private static boolean isFamilyMember(String key) {
        return SettingsCatalog.find(key).isEmpty()
                && SettingsCatalog.families().stream().anyMatch(family -> family.memberOfKey(key).isPresent());
    }

    /** The key of the family member that the environment variable {@code name} sets, if it sets one. */
    private static Optional<String> familyKeyOfVariable(String name) {
        for (SettingFamily<?> family : SettingsCatalog.families()) {
            Optional<String> member = family.memberOfVariable(name);
            if (member.isPresent()) {
                return Optional.of(family.keyOf(member.get()));
            }
        }
        return Optional.empty();
    }

    /** "; did you mean X?" for the known name closest to {@code name} if it is close, else a pointer to the list. */
    static String suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 6) ? "; did you mean " + best + "?"
                : "; `sluice serve --print-defaults` lists every setting";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
