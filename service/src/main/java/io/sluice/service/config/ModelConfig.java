package io.sluice.service.config;

import java.util.Locale;

/**
 * Which model to serve and how (keys {@code model.*}).
 *
 * @param location "bundled" or the path of an artifact folder
 */
public record ModelConfig(String location, Inference inference, int dl4jPoolSize, long maxArtifactBytes) {

    /** The location value meaning "the model shipped in the jar". */
    public static final String BUNDLED = "bundled";

    /** How the network is evaluated at serving time. */
    public enum Inference {
        /** Trained weights run as plain Java loops (verified against DL4J). */
        COMPILED,
        /** One DL4J {@code output()} call per request on a pool of network clones. */
        DL4J
    }

    static ModelConfig from(Settings s) {
        String mode = s.string("model.inference");
        Inference inference;
        try {
            inference = Inference.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model.inference must be compiled or dl4j, got '" + mode + "'");
        }
        int pool = s.integer("model.dl4j-pool-size");
        return new ModelConfig(s.string("model.location"), inference,
                pool > 0 ? pool : Runtime.getRuntime().availableProcessors(), s.bytes("model.max-artifact-size"));
    }
}
