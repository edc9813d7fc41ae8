package io.sluice.service.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the gRPC endpoint (keys {@code grpc.*}). */
public record GrpcConfig(String bindAddress, int port, int maxInboundMessageBytes, int executorThreads,
                         Duration maxConnectionAge, Duration maxConnectionAgeGrace, Duration shutdownGrace,
                         Optional<Tls> tls) {

    /** Server certificate and key (PEM), and the CA that client certificates must chain to, if mutual TLS. */
    public record Tls(Path certChain, Path privateKey, Optional<Path> clientCa) {
    }

    static GrpcConfig from(Settings s) {
        int threads = s.integer("grpc.executor-threads");
        return new GrpcConfig(s.string("grpc.bind-address"), port(s, "grpc.port"),
                s.intBytes("grpc.max-inbound-message-size"),
                threads > 0 ? threads : 2 * Runtime.getRuntime().availableProcessors(),
                s.duration("grpc.max-connection-age"), s.duration("grpc.max-connection-age-grace"),
                s.duration("grpc.shutdown-grace"), tls(s));
    }

    private static Optional<Tls> tls(Settings s) {
        String chain = s.string("grpc.tls.cert-chain-file");
        String key = s.string("grpc.tls.private-key-file");
        String clientCa = s.string("grpc.tls.client-ca-file");
        if (chain.isEmpty() != key.isEmpty()) {
            throw new ConfigException("grpc.tls.cert-chain-file and grpc.tls.private-key-file must be set together");
        }
        if (chain.isEmpty()) {
            if (!clientCa.isEmpty()) {
                throw new ConfigException("grpc.tls.client-ca-file needs grpc.tls.cert-chain-file and private-key-file");
            }
            return Optional.empty();
        }
        for (String file : new String[] {chain, key, clientCa}) {
            if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
                throw new ConfigException("grpc.tls: cannot read " + file);
            }
        }
        return Optional.of(new Tls(Path.of(chain), Path.of(key),
                clientCa.isEmpty() ? Optional.empty() : Optional.of(Path.of(clientCa))));
    }

    static int port(Settings s, String key) {
        int port = s.integer(key);
        if (port < 0 || port > 65_535) {
            throw new ConfigException(key + " must be 0..65535, got " + port);
        }
        return port;
    }
}
