package io.sluice.service.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/** Starts the server span of one call, building nothing for a call that will not be traced. */
interface ServerSpans {

    /** Tracing off: no call is traced, and none pays for a span builder, ids or a sampling decision. */
    ServerSpans OFF = (parent, name) -> Span.getInvalid();

    /** The started server span {@code name} under {@code parent}, or the invalid span when the call is not traced. */
    Span start(Context parent, String name);
}
