package io.sluice.service.telemetry;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server span per gRPC call, continuing the caller's trace from its headers. The sampler decides before anything
 * else is built: a call it leaves out (a new trace not picked, or a caller's unsampled trace) is passed on untouched,
 * with no span, attributes, wrappers or context switches. A sampled call's span is what the OpenTelemetry gRPC
 * instrumentation made: named after the full method, kind SERVER, the {@code rpc.*}, {@code network.*} and {@code
 * server.*} attributes, {@code rpc.grpc.status_code}, and status ERROR for the codes that mean a server fault; it is
 * current in every callback of the call, so the scoring spans nest under it.
 */
public final class GrpcServerTracing implements ServerInterceptor {

    private static final AttributeKey<Long> RPC_STATUS_CODE = AttributeKey.longKey("rpc.grpc.status_code");
    private static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
    private static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
    private static final AttributeKey<String> NETWORK_TYPE = AttributeKey.stringKey("network.type");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    private final ServerSpans spans;
    private final TextMapPropagator propagator;

    GrpcServerTracing(ServerSpans spans, TextMapPropagator propagator) {
        this.spans = spans;
        this.propagator = propagator;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
        Context parent = propagator.extract(Context.root(), headers, HeaderGetter.INSTANCE);
        Span span = spans.start(parent, method.getFullMethodName());
        if (!span.isRecording()) {
            return next.startCall(call, headers);
        }
        span.setAttribute(SpanAttributes.RPC_SYSTEM, "grpc")
                .setAttribute(SpanAttributes.RPC_SERVICE, method.getServiceName())
                .setAttribute(SpanAttributes.RPC_METHOD, method.getBareMethodName());
        setAddresses(span, call);
        Context traced = parent.with(span);
        ServerCall.Listener<ReqT> listener;
        try (Scope ignored = traced.makeCurrent()) {
            listener = next.startCall(new TracedCall<>(call, span), headers);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.end();
            throw e;
        }
        return new TracedListener<>(listener, traced, span);
    }

    private static void setAddresses(Span span, ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress peer && peer.getAddress() != null) {
            span.setAttribute(PEER_ADDRESS, peer.getAddress().getHostAddress())
                    .setAttribute(PEER_PORT, (long) peer.getPort())
                    .setAttribute(NETWORK_TYPE, peer.getAddress() instanceof Inet4Address ? "ipv4" : "ipv6");
        }
        String authority = call.getAuthority();
        if (authority != null) {
            // host, host:port, [v6]:port
            int colon = authority.lastIndexOf(':');
            boolean hasPort = colon > authority.lastIndexOf(']');
            span.setAttribute(SERVER_ADDRESS, hasPort ? authority.substring(0, colon) : authority);
            if (hasPort) {
                try {
                    span.setAttribute(SERVER_PORT, Long.parseLong(authority.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    // Not a port: the authority is the caller's to choose; the address alone is still right.
                }
            }
        }
    }

    /** Reads propagation headers from gRPC metadata; the few keys are made once, not per call. */
    private enum HeaderGetter implements TextMapGetter<Metadata> {
        INSTANCE;

        private final Map<String, Metadata.Key<String>> keys = new ConcurrentHashMap<>();

        @Override
        public Iterable<String> keys(Metadata carrier) {
            return carrier.keys();
        }

        @Override
        public String get(Metadata carrier, String key) {
            return carrier == null ? null
                    : carrier.get(keys.computeIfAbsent(key, k -> Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER)));
        }
    }

    /** Records the call's final status on its span. */
    private static final class TracedCall<ReqT, RespT>
            extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        private final Span span;

        TracedCall(ServerCall<ReqT, RespT> call, Span span) {
            super(call);
            this.span = span;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            span.setAttribute(RPC_STATUS_CODE, (long) status.getCode().value());
            if (SpanAttributes.isServerFault(status.getCode())) {
                span.setStatus(StatusCode.ERROR);
            }
            super.close(status, trailers);
        }
    }

    /** Makes the span current in every callback, and ends it when the call is over. */
    private static final class TracedListener<ReqT>
            extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {

        private final Context traced;
        private final Span span;

        TracedListener(ServerCall.Listener<ReqT> listener, Context traced, Span span) {
            super(listener);
            this.traced = traced;
            this.span = span;
        }

        @Override
        public void onMessage(ReqT message) {
            try (Scope ignored = traced.makeCurrent()) {
                super.onMessage(message);
            }
        }

        @Override
        public void onHalfClose() {
            try (Scope ignored = traced.makeCurrent()) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            try (Scope ignored = traced.makeCurrent()) {
                super.onReady();
            }
        }

        @Override
        public void onCancel() {
            // A call the client cancelled, or one whose deadline passed, is never closed with a status.
            span.setAttribute(RPC_STATUS_CODE, (long) Status.Code.CANCELLED.value());
            try (Scope ignored = traced.makeCurrent()) {
                super.onCancel();
            } finally {
                span.end();
            }
        }

        @Override
        public void onComplete() {
            try (Scope ignored = traced.makeCurrent()) {
                super.onComplete();
            } finally {
                span.end();
            }
        }
    }
}
