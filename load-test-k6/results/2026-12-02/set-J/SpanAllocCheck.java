package io.sluice.service.telemetry;

import com.sun.management.ThreadMXBean;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;

public class SpanAllocCheck {
    static long sink;
    public static void main(String[] a) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Sampler sampler = Sampler.parentBased(Sampler.traceIdRatioBased(0));
        DrawnTraceIds ids = new DrawnTraceIds();
        Tracer tracer = SdkTracerProvider.builder().setSampler(sampler).setIdGenerator(ids).build().get("x");
        ServerSpans sampled = new SampledServerSpans(tracer, sampler, ids);
        int n = 2_000_000;
        for (int round = 0; round < 5; round++) {
            long t0 = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                Span s = tracer.spanBuilder("BidRequestFilter/filter").setNoParent().setSpanKind(SpanKind.SERVER).startSpan();
                sink += s.isRecording() ? 1 : 0; s.end();
            }
            long t1 = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                Span s = sampled.start(Context.root(), "BidRequestFilter/filter");
                sink += s.isRecording() ? 1 : 0; s.end();
            }
            long t2 = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                Span s = ServerSpans.OFF.start(Context.root(), "BidRequestFilter/filter");
                sink += s.isRecording() ? 1 : 0; s.end();
            }
            long t3 = mx.getCurrentThreadAllocatedBytes();
            System.out.printf("round %d: SDK span builder %.1f B/call, sampler first %.1f B/call, OFF %.1f B/call%n",
                    round, (t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) n);
        }
    }
}
