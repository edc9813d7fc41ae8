package io.sluice.service;

import io.grpc.ServerBuilder;
import java.io.IOException;

/**
 * Where and how the gRPC endpoint listens. {@link SluiceServer} asks for a fresh builder when it starts and adds
 * its services, interceptors and executors to it, so the same server runs on Netty in production
 * ({@link NettyTransport}) and on grpc-java's in-process transport in tests. Everything that only a socket has
 * (bind address, TLS, connection age) is the transport's business and is set here, not by the server.
 */
@FunctionalInterface
public interface GrpcTransport {

    /** A new builder bound to the transport's address; called once by {@link SluiceServer#start()}. */
    ServerBuilder<?> newServerBuilder() throws IOException;

    /** How callers are authenticated, for the startup log line. */
    default String security() {
        return "plaintext";
    }
}
