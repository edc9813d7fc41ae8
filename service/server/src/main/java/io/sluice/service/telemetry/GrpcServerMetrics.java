package io.sluice.service.telemetry;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.sluice.service.telemetry.ServingMetrics.Protocol;

/** Records every gRPC call's duration and final status (method = the full gRPC method name). */
public final class GrpcServerMetrics implements ServerInterceptor {

    private final ServingMetrics metrics;

    public GrpcServerMetrics(ServingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        long started = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                // Recorded before the answer leaves, so a caller holding its answer finds the call counted.
                metrics.recordCall(Protocol.GRPC, method, status.getCode(), System.nanoTime() - started);
                super.close(status, trailers);
            }
        }, headers);
    }
}
