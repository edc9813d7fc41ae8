package io.sluice.bench;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fixed number of plaintext HTTP/2 connections to one loopback gRPC server. */
public final class GrpcChannels implements AutoCloseable {

    private final List<ManagedChannel> channels;

    /** Opens {@code count} channels to {@code host:port}, each calling through {@code interceptors}. */
    public GrpcChannels(String host, int port, int count, List<ClientInterceptor> interceptors) {
        List<ManagedChannel> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opened.add(NettyChannelBuilder.forAddress(host, port)
                    .usePlaintext()
                    // Completion callbacks only count and record: run them on the event loop, no thread hop.
                    .directExecutor()
                    .intercept(interceptors)
                    .build());
        }
        this.channels = List.copyOf(opened);
    }

    /** Every channel, in a fixed order. */
    public List<ManagedChannel> all() {
        return channels;
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
