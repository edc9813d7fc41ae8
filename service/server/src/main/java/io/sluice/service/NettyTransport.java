package io.sluice.service;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sluice.service.config.GrpcConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The production gRPC transport: Netty on {@code grpc.bind-address:grpc.port}, with the configured TLS, ages and HTTP/2 limits. */
final class NettyTransport implements GrpcTransport {

    private final GrpcConfig config;

    NettyTransport(GrpcConfig config) {
        this.config = config;
    }

    @Override
    public ServerBuilder<?> newServerBuilder() throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress(config.bindAddress(), config.port()),
                        credentials(config))
                .maxConnectionAge(config.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS)
                .maxConnectionAgeGrace(config.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS)
                // grpc-java's defaults are unbounded: any number of streams, and any number of resets.
                .maxConcurrentCallsPerConnection(config.maxConcurrentStreams())
                .maxRstFramesPerWindow(config.streamResets().resets(),
                        Math.toIntExact(config.streamResets().window().toSeconds()));
    }

    @Override
    public String security() {
        return config.tls().map(t -> t.clientCa().isPresent() ? "mutual TLS" : "TLS").orElse("plaintext");
    }

    private static ServerCredentials credentials(GrpcConfig g) throws IOException {
        if (g.tls().isEmpty()) {
            return InsecureServerCredentials.create();
        }
        GrpcConfig.Tls tls = g.tls().get();
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder()
                .keyManager(tls.certChain().toFile(), tls.privateKey().toFile());
        if (tls.clientCa().isPresent()) {
            builder.trustManager(tls.clientCa().get().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return builder.build();
    }
}
