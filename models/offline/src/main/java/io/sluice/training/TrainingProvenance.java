package io.sluice.training;

import io.sluice.BuildInfo;
import io.sluice.api.v1.TrainingEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;

/** What a manifest records about how a model was made: the environment, and a config's settings by name. */
public final class TrainingProvenance {

    private TrainingProvenance() {
    }

    /** The Sluice build, libraries, JVM, operating system and CPU of this process. */
    public static TrainingEnvironment environment() {
        BuildInfo build = BuildInfo.current();
        return TrainingEnvironment.newBuilder()
                .setSluiceVersion(build.version())
                .setGitCommit(build.gitCommit())
                .putAllLibraries(build.libraries())
                .setJava(System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")")
                .setOs(System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .setArch(System.getProperty("os.arch"))
                .setAvailableProcessors(Runtime.getRuntime().availableProcessors())
                .build();
    }

    /**
     * Every component of {@code settings} (a record) by its name in snake case, so a new setting is recorded
     * without anyone retyping it.
     */
    public static Map<String, String> settings(Record settings) {
        Map<String, String> values = new TreeMap<>();
        for (RecordComponent component : settings.getClass().getRecordComponents()) {
            try {
                values.put(snakeCase(component.getName()), String.valueOf(component.getAccessor().invoke(settings)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + settings, e);
            }
        }
        return values;
    }

    private static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
