package io.sluice.service.config;

import java.time.Duration;

/** Settings of the gRPC endpoint (keys {@code grpc.*}). */
public record GrpcConfig(String bindAddress, int port, int maxInboundMessageBytes, int executorThreads,
                         Duration maxConnectionAge, Duration maxConnectionAgeGrace, Duration shutdownGrace) {

    static GrpcConfig from(Settings s) {
        int threads = s.integer("grpc.executor-threads");
        return new GrpcConfig(s.string("grpc.bind-address"), port(s, "grpc.port"),
                s.intBytes("grpc.max-inbound-message-size"),
                threads > 0 ? threads : 2 * Runtime.getRuntime().availableProcessors(),
                s.duration("grpc.max-connection-age"), s.duration("grpc.max-connection-age-grace"),
                s.duration("grpc.shutdown-grace"));
    }

    static int port(Settings s, String key) {
        int port = s.integer(key);
        if (port < 0 || port > 65_535) {
            throw new ConfigException(key + " must be 0..65535, got " + port);
        }
        return port;
    }
}
