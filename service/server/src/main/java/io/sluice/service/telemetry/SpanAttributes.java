package io.sluice.service.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/** The attributes Sluice puts on its spans ({@link GrpcServerTracing} adds the standard {@code rpc.*} ones). */
public final class SpanAttributes {

    /** Version of the model that produced the scores. */
    public static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("sluice.model.version");
    /** Partners scored for one request. */
    public static final AttributeKey<Long> PARTNER_COUNT = AttributeKey.longKey("sluice.partner.count");
    /** Requests in one ScoreBatch call. */
    public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("sluice.batch.size");
    /** Final status of a legacy call, as a gRPC status code name. */
    public static final AttributeKey<String> STATUS_CODE = AttributeKey.stringKey("sluice.status_code");

    private SpanAttributes() {
    }
}
