package io.sluice.service.telemetry;

import io.grpc.ServerInterceptor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.Base2ExponentialHistogramOptions;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.semconv.ServiceAttributes;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.service.config.TelemetryConfig;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The process's OpenTelemetry SDK. Metrics are always kept, served as Prometheus text and optionally pushed by
 * OTLP. Traces exist only when enabled: X-Ray-compatible trace ids, W3C {@code traceparent} and AWS
 * {@code X-Amzn-Trace-Id} propagation, parent-based ratio sampling, batched OTLP export. Nothing is registered
 * globally, so several servers can run in one JVM (tests).
 */
public final class Telemetry implements AutoCloseable {

    private static final String SCOPE = "io.sluice.service";
    /**
     * Histograms pushed by OTLP are exponential: the collector's awsemf exporter sends their buckets to CloudWatch,
     * which then answers percentiles (p50, p99); explicit buckets would arrive as min/max/sum/count only. At most
     * 100 buckets, the most one EMF value array may hold. Prometheus keeps the explicit buckets.
     */
    private static final DefaultAggregationSelector OTLP_AGGREGATION = DefaultAggregationSelector.getDefault()
            .with(InstrumentType.HISTOGRAM, Aggregation.base2ExponentialBucketHistogram(
                    Base2ExponentialHistogramOptions.builder().setMaxBuckets(100).build()));
    private static final long SHUTDOWN_SECONDS = 10;

    private final SdkMeterProvider meters;
    private final PrometheusRegistry prometheus;
    private final Optional<SdkTracerProvider> tracers;
    private final Optional<ServerSpans> serverSpans;
    private final TextMapPropagator propagator = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), AwsXrayPropagator.getInstance());

    private Telemetry(SdkMeterProvider meters, PrometheusRegistry prometheus, Optional<SdkTracerProvider> tracers,
                      Optional<ServerSpans> serverSpans) {
        this.meters = meters;
        this.prometheus = prometheus;
        this.tracers = tracers;
        this.serverSpans = serverSpans;
    }

    /** Builds the SDK and starts its exporters. */
    public static Telemetry start(TelemetryConfig config) {
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(ServiceAttributes.SERVICE_NAME, config.serviceName())));

        PrometheusMetricReader prometheusReader = PrometheusMetricReader.builder().build();
        PrometheusRegistry prometheus = new PrometheusRegistry();
        prometheus.register(prometheusReader);
        SdkMeterProviderBuilder meters = SdkMeterProvider.builder()
                .setResource(resource)
                .registerMetricReader(prometheusReader);
        if (config.metricsOtlpEnabled()) {
            meters.registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                            .setEndpoint(config.signalEndpoint("v1/metrics").toString())
                            .setDefaultAggregationSelector(OTLP_AGGREGATION)
                            .build())
                    .setInterval(config.metricsExportInterval())
                    .build());
        }

        Optional<SdkTracerProvider> tracers = Optional.empty();
        Optional<ServerSpans> serverSpans = Optional.empty();
        if (config.tracesEnabled()) {
            Sampler sampler = Sampler.parentBased(Sampler.traceIdRatioBased(config.traceSampleRatio()));
            DrawnTraceIds ids = new DrawnTraceIds();
            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .setResource(resource)
                    .setIdGenerator(ids)
                    .setSampler(sampler)
                    .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                                    .setEndpoint(config.signalEndpoint("v1/traces").toString())
                                    .build())
                            .setScheduleDelay(config.spanExportDelay())
                            .build())
                    .build();
            tracers = Optional.of(provider);
            serverSpans = Optional.of(new SampledServerSpans(provider.get(SCOPE), sampler, ids));
        }
        return new Telemetry(meters.build(), prometheus, tracers, serverSpans);
    }

    /** The meter for Sluice's own instruments. */
    public Meter meter() {
        return meters.get(SCOPE);
    }

    /** The tracer for Sluice's own spans; a no-op tracer when tracing is off. */
    public Tracer tracer() {
        return tracers.map(t -> t.get(SCOPE)).orElseGet(() -> TracerProvider.noop().get(SCOPE));
    }

    /** The server spans of the legacy endpoint's calls; {@link ServerSpans#OFF} when tracing is off. */
    ServerSpans serverSpans() {
        return serverSpans.orElse(ServerSpans.OFF);
    }

    /** The gRPC server-span interceptor, present only when tracing is on (so it costs nothing when off). */
    public Optional<ServerInterceptor> grpcTracing() {
        return serverSpans.map(spans -> new GrpcServerTracing(spans, propagator));
    }

    /** Serves every metric in the Prometheus text format (content negotiation as the Prometheus client does). */
    public PrometheusScrapeHandler prometheusEndpoint() {
        return new PrometheusScrapeHandler(prometheus);
    }

    /** Exports what is still buffered and stops the exporters. */
    @Override
    public void close() {
        tracers.ifPresent(t -> t.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS));
        meters.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    }
}
