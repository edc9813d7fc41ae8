package io.sluice.service.telemetry;

import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import java.util.Set;

/** The attributes Sluice puts on its server spans, its own and the standard {@code rpc.*} ones. */
public final class SpanAttributes {

    /** Standard: the remote procedure call system ({@code grpc}, {@code apache_thrift}). */
    public static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    /** Standard: the called service. */
    public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    /** Standard: the called method. */
    public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");

    /** Version of the model that produced the scores. */
    public static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("sluice.model.version");
    /** Partners scored for one request. */
    public static final AttributeKey<Long> PARTNER_COUNT = AttributeKey.longKey("sluice.partner.count");
    /** Requests in one ScoreBatch call. */
    public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("sluice.batch.size");
    /** Final status of a legacy call, as a gRPC status code name. */
    public static final AttributeKey<String> STATUS_CODE = AttributeKey.stringKey("sluice.status_code");

    /** Codes that mean the server failed; the others blame the request and leave the span status unset. */
    private static final Set<Status.Code> SERVER_FAULTS = Set.of(Status.Code.UNKNOWN, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.UNIMPLEMENTED, Status.Code.INTERNAL, Status.Code.UNAVAILABLE, Status.Code.DATA_LOSS);

    private SpanAttributes() {
    }

    /** Whether a call that ended with {@code code} marks its span as an error. */
    public static boolean isServerFault(Status.Code code) {
        return SERVER_FAULTS.contains(code);
    }
}
