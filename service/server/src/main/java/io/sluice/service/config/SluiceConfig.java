package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.LIMITS_MAX_BATCH_REQUESTS;
import static io.sluice.service.config.SettingsCatalog.LIMITS_MAX_OPENRTB_JSON_DEPTH;
import static io.sluice.service.config.SettingsCatalog.LIMITS_MAX_OPENRTB_JSON_SIZE;
import static io.sluice.service.config.SettingsCatalog.LOG_FORMAT;
import static io.sluice.service.config.SettingsCatalog.LIMITS_MAX_PARTNERS;
import static io.sluice.service.config.SettingsCatalog.LIMITS_MAX_SEGMENTS;
import static io.sluice.service.config.SettingsCatalog.LIMITS_MAX_STRING_LENGTH;
import static io.sluice.service.config.SettingsCatalog.LIMITS_MAX_USER_AGENT_LENGTH;
import static io.sluice.service.config.SettingsCatalog.THRIFT_BIND_ADDRESS;
import static io.sluice.service.config.SettingsCatalog.THRIFT_DRAIN_TIMEOUT;
import static io.sluice.service.config.SettingsCatalog.THRIFT_ENABLED;
import static io.sluice.service.config.SettingsCatalog.THRIFT_IDLE_TIMEOUT;
import static io.sluice.service.config.SettingsCatalog.THRIFT_MAX_CONNECTIONS;
import static io.sluice.service.config.SettingsCatalog.THRIFT_MAX_CONTAINER_LENGTH;
import static io.sluice.service.config.SettingsCatalog.THRIFT_MAX_MESSAGE_SIZE;
import static io.sluice.service.config.SettingsCatalog.THRIFT_MAX_STRING_SIZE;
import static io.sluice.service.config.SettingsCatalog.THRIFT_MESSAGE_READ_TIMEOUT;
import static io.sluice.service.config.SettingsCatalog.THRIFT_MONDAY_IS;
import static io.sluice.service.config.SettingsCatalog.THRIFT_ON_ERROR;
import static io.sluice.service.config.SettingsCatalog.THRIFT_PORT;
import static io.sluice.service.config.SettingsCatalog.THRIFT_REQUEST_BUDGET;
import static io.sluice.service.config.SettingsCatalog.THRIFT_WRITE_TIMEOUT;

import io.sluice.compat.thrift.LegacyThriftConfig;
import io.sluice.scoring.RequestLimits;
import io.sluice.service.logging.LogFormat;

/** The whole process configuration, parsed and checked once at start-up. */
public record SluiceConfig(GrpcConfig grpc, ScoringConfig scoring, AdminConfig admin, boolean thriftEnabled,
                           LegacyThriftConfig thrift, ModelConfig model, ModelAdminConfig modelAdmin,
                           RequestLimits limits, ShapingConfig shaping, DecisionLogConfig decisionLog,
                           TelemetryConfig telemetry, LogFormat logFormat) {

    /**
     * Parses and checks every setting; throws one {@link ConfigException} listing every problem (unknown keys and
     * variables, refused values, settings that do not fit together) if there is any.
     */
    public static SluiceConfig from(Settings settings) {
        ConfigReader r = new ConfigReader(settings);
        SluiceConfig config = new SluiceConfig(r.build(GrpcConfig::from), r.build(ScoringConfig::from),
                r.build(AdminConfig::from), r.get(THRIFT_ENABLED), r.build(SluiceConfig::thrift),
                r.build(ModelConfig::from), r.build(ModelAdminConfig::from), r.build(SluiceConfig::limits),
                r.build(ShapingConfig::from), r.build(DecisionLogConfig::from), r.build(TelemetryConfig::from),
                r.get(LOG_FORMAT));
        r.throwIfAny();
        return config;
    }

    private static LegacyThriftConfig thrift(ConfigReader r) {
        return new LegacyThriftConfig(r.get(THRIFT_BIND_ADDRESS), r.get(THRIFT_PORT), r.get(THRIFT_MAX_CONNECTIONS),
                r.get(THRIFT_IDLE_TIMEOUT), r.get(THRIFT_REQUEST_BUDGET), r.get(THRIFT_MAX_MESSAGE_SIZE).toIntBytes(),
                r.get(THRIFT_MAX_STRING_SIZE).toIntBytes(), r.get(THRIFT_MAX_CONTAINER_LENGTH), r.get(THRIFT_MONDAY_IS),
                r.get(THRIFT_DRAIN_TIMEOUT), r.get(THRIFT_MESSAGE_READ_TIMEOUT), r.get(THRIFT_WRITE_TIMEOUT),
                r.get(THRIFT_ON_ERROR));
    }

    private static RequestLimits limits(ConfigReader r) {
        try {
            return new RequestLimits(r.get(LIMITS_MAX_PARTNERS), r.get(LIMITS_MAX_SEGMENTS),
                    r.get(LIMITS_MAX_STRING_LENGTH), r.get(LIMITS_MAX_USER_AGENT_LENGTH),
                    r.get(LIMITS_MAX_BATCH_REQUESTS), r.get(LIMITS_MAX_OPENRTB_JSON_SIZE).toIntBytes(),
                    r.get(LIMITS_MAX_OPENRTB_JSON_DEPTH));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("limits: " + e.getMessage(), e);
        }
    }
}
