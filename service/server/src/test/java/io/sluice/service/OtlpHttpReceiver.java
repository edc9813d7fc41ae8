package io.sluice.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A real OTLP http/protobuf receiver on loopback, standing in for the collector: it decodes every export request
 * ({@code /v1/traces}, {@code /v1/metrics}) and keeps what arrived, for tests to wait on.
 */
final class OtlpHttpReceiver implements AutoCloseable {

    private static final long WAIT_SECONDS = 30;

    private final HttpServer server;
    private final List<ResourceSpans> resourceSpans = new ArrayList<>();
    private final List<Metric> metrics = new ArrayList<>();
    private final Set<String> metricResourceAttributes = new TreeSet<>();

    private OtlpHttpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body(exchange));
            synchronized (this) {
                resourceSpans.addAll(request.getResourceSpansList());
                notifyAll();
            }
            reply(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        });
        server.createContext("/v1/metrics", exchange -> {
            ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body(exchange));
            synchronized (this) {
                request.getResourceMetricsList().forEach(resource -> {
                    resource.getScopeMetricsList().forEach(scope -> metrics.addAll(scope.getMetricsList()));
                    resource.getResource().getAttributesList().forEach(a -> metricResourceAttributes.add(a.getKey()));
                });
                notifyAll();
            }
            reply(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
        });
        server.start();
    }

    static OtlpHttpReceiver start() throws IOException {
        return new OtlpHttpReceiver();
    }

    /** The base URL to configure as {@code otel.exporter.otlp.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Waits until {@code find} finds something in the spans received so far, and returns it. */
    synchronized <T> T awaitSpans(Function<List<Span>, Optional<T>> find) throws InterruptedException {
        return await(() -> find.apply(spans()), this::spans);
    }

    /** Waits until {@code find} finds something in the metrics received so far, and returns it. */
    synchronized <T> T awaitMetrics(Function<List<Metric>, Optional<T>> find) throws InterruptedException {
        return await(() -> find.apply(List.copyOf(metrics)), () -> metrics);
    }

    /** The keys of the resource attributes the metrics received so far came with, e.g. service.name. */
    synchronized Set<String> metricResourceAttributes() {
        return Set.copyOf(metricResourceAttributes);
    }

    /** The resource attribute {@code key} of the spans received, e.g. service.name. */
    synchronized Optional<String> spanResourceAttribute(String key) {
        return resourceSpans.stream().flatMap(r -> r.getResource().getAttributesList().stream())
                .filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue()).findFirst();
    }

    /** The value of a span or data point attribute, if present. */
    static Optional<AnyValue> attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue).findFirst();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private List<Span> spans() {
        return resourceSpans.stream().flatMap(r -> r.getScopeSpansList().stream())
                .flatMap(s -> s.getSpansList().stream()).toList();
    }

    private <T> T await(Supplier<Optional<T>> found, Supplier<Object> received) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        Optional<T> result = found.get();
        while (result.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("what the test waits for did not arrive within " + WAIT_SECONDS
                        + " s; received: " + received.get());
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            result = found.get();
        }
        return result.get();
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, byte[] response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }
}
