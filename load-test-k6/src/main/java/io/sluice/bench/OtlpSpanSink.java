package io.sluice.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback OTLP http/protobuf trace receiver standing in for the collector in benchmarks: it decodes every
 * {@code POST /v1/traces} and counts the spans, so a run can show that export really happened.
 */
public final class OtlpSpanSink implements AutoCloseable {

    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong exports = new AtomicLong();

    private OtlpSpanSink(HttpServer server) {
        this.server = server;
    }

    /** Starts a sink on an ephemeral 127.0.0.1 port. */
    public static OtlpSpanSink start() throws IOException {
        OtlpSpanSink sink = new OtlpSpanSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        sink.server.createContext("/v1/traces", sink::receive);
        sink.server.start();
        return sink;
    }

    /** The base URL to configure as {@code otel.exporter.otlp.endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Spans decoded so far. */
    public long spansReceived() {
        return spans.get();
    }

    /** Export requests decoded so far. */
    public long exportsReceived() {
        return exports.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = exchange.getRequestBody()) {
                request = ExportTraceServiceRequest.parseFrom(body);
            }
            long received = 0;
            for (ResourceSpans resource : request.getResourceSpansList()) {
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    received += scope.getSpansCount();
                }
            }
            spans.addAndGet(received);
            exports.incrementAndGet();
            // An empty ExportTraceServiceResponse (full success) encodes to no bytes: -1 = no body.
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, -1);
        }
    }
}
