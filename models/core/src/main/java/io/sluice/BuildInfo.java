package io.sluice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What this build of Sluice is: its version, the commit it was built from, and the versions of the libraries that
 * shape a model (recorded in every trained model's manifest). Values the build could not know read "unknown".
 *
 * @param version   Sluice's version
 * @param gitCommit abbreviated commit id, or "unknown" for a build outside a git checkout
 * @param libraries library name to version
 */
public record BuildInfo(String version, String gitCommit, Map<String, String> libraries) {

    private static final String RESOURCE = "/io/sluice/build.properties";
    private static final String LIBRARY_PREFIX = "library.";
    private static final String UNKNOWN = "unknown";
    private static final BuildInfo CURRENT = load();

    public BuildInfo {
        libraries = Map.copyOf(libraries);
    }

    /** The build this code belongs to. */
    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Map<String, String> libraries = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(LIBRARY_PREFIX)) {
                libraries.put(key.substring(LIBRARY_PREFIX.length()), value(properties, key));
            }
        }
        return new BuildInfo(value(properties, "sluice.version"), value(properties, "git.commit"), libraries);
    }

    /** A property's value, or "unknown" where Maven left the placeholder because it had no value for it. */
    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key, "").trim();
        return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
    }
}
