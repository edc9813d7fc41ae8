package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.MODEL_DL4J_POOL_SIZE;
import static io.sluice.service.config.SettingsCatalog.MODEL_FALLBACK_TO_BUNDLED;
import static io.sluice.service.config.SettingsCatalog.MODEL_INFERENCE;
import static io.sluice.service.config.SettingsCatalog.MODEL_LOCATION;
import static io.sluice.service.config.SettingsCatalog.MODEL_MAX_ARTIFACT_SIZE;
import static io.sluice.service.config.SettingsCatalog.MODEL_POLL_INTERVAL;
import static io.sluice.service.config.SettingsCatalog.MODEL_S3_ENDPOINT;
import static io.sluice.service.config.SettingsCatalog.MODEL_S3_PATH_STYLE;
import static io.sluice.service.config.SettingsCatalog.MODEL_S3_REGION;
import static io.sluice.service.config.SettingsCatalog.MODEL_WARMUP_PASSES;

import io.sluice.scoring.ServingOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * Which model to serve and how (keys {@code model.*}).
 *
 * @param location "bundled", an artifact folder, a store folder, or {@code s3://bucket/prefix}
 */
public record ModelConfig(String location, ServingOptions serving, Duration pollInterval, boolean fallbackToBundled,
                          S3 s3) {

    /** The location value meaning "the model shipped in the jar". */
    public static final String BUNDLED = "bundled";

    /** S3 client settings; an empty endpoint means AWS itself. */
    public record S3(String region, String endpoint, boolean pathStyle) {
    }

    /** The S3 store the location names, if it names one. */
    public Optional<S3Location> s3Store() {
        return S3Location.parse(location);
    }

    static ModelConfig from(ConfigReader r) {
        int pool = r.get(MODEL_DL4J_POOL_SIZE);
        ServingOptions serving = new ServingOptions(r.get(MODEL_INFERENCE),
                pool > 0 ? pool : Runtime.getRuntime().availableProcessors(), r.get(MODEL_MAX_ARTIFACT_SIZE).bytes(),
                r.get(MODEL_WARMUP_PASSES), ShapingConfig.recallTarget(r));
        return new ModelConfig(r.get(MODEL_LOCATION), serving, r.get(MODEL_POLL_INTERVAL),
                r.get(MODEL_FALLBACK_TO_BUNDLED),
                new S3(r.get(MODEL_S3_REGION), r.get(MODEL_S3_ENDPOINT), r.get(MODEL_S3_PATH_STYLE)));
    }
}
