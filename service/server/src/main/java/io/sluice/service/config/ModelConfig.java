package io.sluice.service.config;

import io.sluice.scoring.ServingOptions.Inference;
import io.sluice.scoring.ServingOptions;
import java.time.Duration;
import java.util.Locale;

/**
 * Which model to serve and how (keys {@code model.*}).
 *
 * @param location "bundled", an artifact folder, a store folder, or {@code s3://bucket/prefix}
 */
public record ModelConfig(String location, ServingOptions serving, Duration pollInterval, boolean fallbackToBundled,
                          S3 s3) {

    /** The location value meaning "the model shipped in the jar". */
    public static final String BUNDLED = "bundled";
    private static final String S3_SCHEME = "s3://";

    /** S3 client settings; an empty endpoint means AWS itself. */
    public record S3(String region, String endpoint, boolean pathStyle) {
    }

    /** Whether the location names an S3 store. */
    public boolean isS3() {
        return location.startsWith(S3_SCHEME);
    }

    /** Bucket of an S3 location. */
    public String s3Bucket() {
        String rest = location.substring(S3_SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** Key prefix of an S3 location (may be empty). */
    public String s3Prefix() {
        String rest = location.substring(S3_SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(slash + 1);
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
        ServingOptions serving = new ServingOptions(inference,
                pool > 0 ? pool : Runtime.getRuntime().availableProcessors(), s.bytes("model.max-artifact-size"),
                s.integer("model.warmup-passes"));
        ModelConfig config = new ModelConfig(s.string("model.location"), serving, s.duration("model.poll-interval"),
                s.bool("model.fallback-to-bundled"), new S3(s.string("model.s3.region"), s.string("model.s3.endpoint"), s.bool("model.s3.path-style")));
        if (config.isS3() && config.s3Bucket().isEmpty()) {
            throw new ConfigException("model.location must look like s3://bucket/prefix, got '" + config.location() + "'");
        }
        return config;
    }
}
