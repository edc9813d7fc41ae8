package io.sluice.service.config;

import io.sluice.compat.thrift.LegacyThriftConfig;
import io.sluice.scoring.RequestLimits;

/** The whole process configuration, parsed and checked once at start-up. */
public record SluiceConfig(GrpcConfig grpc, ScoringConfig scoring, AdminConfig admin, boolean thriftEnabled,
                           LegacyThriftConfig thrift, ModelConfig model, ModelAdminConfig modelAdmin,
                           RequestLimits limits, TelemetryConfig telemetry) {

    /** Parses every setting; the first bad one is reported as a {@link ConfigException}. */
    public static SluiceConfig from(Settings s) {
        LegacyThriftConfig thrift;
        try {
            thrift = new LegacyThriftConfig(s.string("thrift.bind-address"), GrpcConfig.port(s, "thrift.port"),
                    s.integer("thrift.max-connections"), s.duration("thrift.idle-timeout"),
                    s.duration("thrift.request-budget"), s.intBytes("thrift.max-message-size"),
                    s.intBytes("thrift.max-string-size"), s.integer("thrift.max-container-length"),
                    s.integer("thrift.monday-is"), s.duration("thrift.drain-timeout"),
                    s.duration("thrift.message-read-timeout"), s.duration("thrift.write-timeout"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new SluiceConfig(GrpcConfig.from(s), ScoringConfig.from(s), AdminConfig.from(s), s.bool("thrift.enabled"),
                thrift, ModelConfig.from(s), ModelAdminConfig.from(s), limits(s), TelemetryConfig.from(s));
    }

    private static RequestLimits limits(Settings s) {
        try {
            return new RequestLimits(s.integer("limits.max-partners"), s.integer("limits.max-segments"),
                    s.integer("limits.max-string-length"), s.integer("limits.max-user-agent-length"),
                    s.integer("limits.max-batch-requests"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("limits: " + e.getMessage());
        }
    }
}
