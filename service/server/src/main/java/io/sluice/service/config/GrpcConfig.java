package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.GRPC_BIND_ADDRESS;
import static io.sluice.service.config.SettingsCatalog.GRPC_EXECUTOR_THREADS;
import static io.sluice.service.config.SettingsCatalog.GRPC_MAX_CONNECTION_AGE;
import static io.sluice.service.config.SettingsCatalog.GRPC_MAX_CONCURRENT_STREAMS;
import static io.sluice.service.config.SettingsCatalog.GRPC_MAX_CONNECTION_AGE_GRACE;
import static io.sluice.service.config.SettingsCatalog.GRPC_MAX_IN_FLIGHT_CALLS;
import static io.sluice.service.config.SettingsCatalog.GRPC_MAX_INBOUND_MESSAGE_SIZE;
import static io.sluice.service.config.SettingsCatalog.GRPC_PORT;
import static io.sluice.service.config.SettingsCatalog.GRPC_MAX_STREAM_RESETS;
import static io.sluice.service.config.SettingsCatalog.GRPC_SHUTDOWN_GRACE;
import static io.sluice.service.config.SettingsCatalog.GRPC_STREAM_RESET_WINDOW;
import static io.sluice.service.config.SettingsCatalog.GRPC_TLS_CERT_CHAIN_FILE;
import static io.sluice.service.config.SettingsCatalog.GRPC_TLS_CLIENT_CA_FILE;
import static io.sluice.service.config.SettingsCatalog.GRPC_TLS_PRIVATE_KEY_FILE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the gRPC endpoint (keys {@code grpc.*}). */
public record GrpcConfig(String bindAddress, int port, int maxInboundMessageBytes, int executorThreads,
                         Duration maxConnectionAge, Duration maxConnectionAgeGrace, Duration shutdownGrace,
                         int maxConcurrentStreams, int maxInFlightCalls, StreamResetLimit streamResets,
                         Optional<Tls> tls) {

    /** Unary calls in flight per core when {@code grpc.max-in-flight-calls} is 0. */
    static final int IN_FLIGHT_CALLS_PER_CORE = 64;

    /** Server certificate and key (PEM), and the CA that client certificates must chain to, if mutual TLS. */
    public record Tls(Path certChain, Path privateKey, Optional<Path> clientCa) {
    }

    /** At most {@code resets} stream resets per {@code window} on one connection (whole seconds). */
    public record StreamResetLimit(int resets, Duration window) {
    }

    static GrpcConfig from(ConfigReader r) {
        int threads = r.get(GRPC_EXECUTOR_THREADS);
        int inFlight = r.get(GRPC_MAX_IN_FLIGHT_CALLS);
        return new GrpcConfig(r.get(GRPC_BIND_ADDRESS), r.get(GRPC_PORT),
                r.get(GRPC_MAX_INBOUND_MESSAGE_SIZE).toIntBytes(),
                threads > 0 ? threads : 2 * Runtime.getRuntime().availableProcessors(),
                r.get(GRPC_MAX_CONNECTION_AGE), r.get(GRPC_MAX_CONNECTION_AGE_GRACE), r.get(GRPC_SHUTDOWN_GRACE),
                r.get(GRPC_MAX_CONCURRENT_STREAMS),
                inFlight > 0 ? inFlight : IN_FLIGHT_CALLS_PER_CORE * Runtime.getRuntime().availableProcessors(),
                streamResets(r), tls(r));
    }

    private static StreamResetLimit streamResets(ConfigReader r) {
        Duration window = r.get(GRPC_STREAM_RESET_WINDOW);
        if (window.toNanosPart() != 0) {
            r.problem(GRPC_STREAM_RESET_WINDOW.key() + ": must be whole seconds (HTTP/2 resets are counted per "
                    + "second), got " + r.given(GRPC_STREAM_RESET_WINDOW));
        }
        return new StreamResetLimit(r.get(GRPC_MAX_STREAM_RESETS), window);
    }

    private static Optional<Tls> tls(ConfigReader r) {
        String chain = r.get(GRPC_TLS_CERT_CHAIN_FILE);
        String key = r.get(GRPC_TLS_PRIVATE_KEY_FILE);
        String clientCa = r.get(GRPC_TLS_CLIENT_CA_FILE);
        if (chain.isEmpty() != key.isEmpty()) {
            r.problem(GRPC_TLS_CERT_CHAIN_FILE.key() + " and " + GRPC_TLS_PRIVATE_KEY_FILE.key() + " must be set "
                    + "together, got " + r.given(GRPC_TLS_CERT_CHAIN_FILE) + " and " + r.given(GRPC_TLS_PRIVATE_KEY_FILE));
            return Optional.empty();
        }
        if (chain.isEmpty()) {
            if (!clientCa.isEmpty()) {
                r.problem(GRPC_TLS_CLIENT_CA_FILE.key() + " needs " + GRPC_TLS_CERT_CHAIN_FILE.key() + " and "
                        + GRPC_TLS_PRIVATE_KEY_FILE.key() + ", got " + r.given(GRPC_TLS_CLIENT_CA_FILE)
                        + " without them");
            }
            return Optional.empty();
        }
        boolean readable = true;
        for (Setting<String> file : List.of(GRPC_TLS_CERT_CHAIN_FILE, GRPC_TLS_PRIVATE_KEY_FILE,
                GRPC_TLS_CLIENT_CA_FILE)) {
            if (!r.get(file).isEmpty() && !Files.isReadable(Path.of(r.get(file)))) {
                r.problem(file.key() + ": cannot read the file " + r.given(file));
                readable = false;
            }
        }
        return readable ? Optional.of(new Tls(Path.of(chain), Path.of(key),
                clientCa.isEmpty() ? Optional.empty() : Optional.of(Path.of(clientCa)))) : Optional.empty();
    }
}
