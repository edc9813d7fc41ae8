package io.sluice.service.config;

import static io.sluice.service.config.ValueTypes.bool;
import static io.sluice.service.config.ValueTypes.choice;
import static io.sluice.service.config.ValueTypes.duration;
import static io.sluice.service.config.ValueTypes.fraction;
import static io.sluice.service.config.ValueTypes.integer;
import static io.sluice.service.config.ValueTypes.optional;
import static io.sluice.service.config.ValueTypes.positiveFraction;
import static io.sluice.service.config.ValueTypes.positiveNumber;
import static io.sluice.service.config.ValueTypes.size;
import static io.sluice.service.config.ValueTypes.text;

import io.sluice.compat.thrift.OnErrorPolicy;
import io.sluice.features.FeatureExtractor;
import io.sluice.scoring.RequestLimits;
import io.sluice.scoring.ServingOptions.Inference;
import io.sluice.service.logging.LogFormat;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Sluice setting, declared once: key, type with unit and constraint, default and meaning, grouped by section;
 * and the families of per-name settings such as {@code shaping.partner-qps-cap.<partner>}.
 * {@code sluice serve --print-defaults} prints {@link #defaultsDocument()}; {@link Settings} and {@link SluiceConfig}
 * read and check values through these declarations.
 */
public final class SettingsCatalog {

    private static final Map<String, Setting<?>> BY_KEY = new LinkedHashMap<>();
    private static final Map<String, Setting<?>> BY_VARIABLE = new HashMap<>();
    private static final List<SettingFamily<?>> FAMILIES = new ArrayList<>();
    /** Families, by the key of the setting declared just before them: where documents list them. */
    private static final Map<String, List<SettingFamily<?>>> FAMILIES_AFTER = new HashMap<>();
    /** Section title, by the key of the first setting of the section. */
    private static final Map<String, String> SECTIONS = new HashMap<>();

    private static final ValueType<String> ADDRESS = text("an IP address or host name",
            value -> !value.isEmpty());
    private static final ValueType<Integer> PORT = integer("a port number", 0, 65_535);
    private static final ValueType<Integer> THREADS = integer("a number of threads", 0, 4096);
    private static final ValueType<String> OPTIONAL_FILE = text("a file path, or empty for none", path -> true);
    /** Sizes that protocol code holds in an int. */
    private static final ValueType<DataSize> MESSAGE_SIZE = size(DataSize.ofBytes(1), DataSize.ofGiB(1));
    private static final ValueType<Duration> ANY_DURATION = duration(Duration.ZERO, null);
    private static final ValueType<Duration> POSITIVE_DURATION = duration(Duration.ofMillis(1), null);

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<String> GRPC_BIND_ADDRESS = section("gRPC endpoint (the main API)",
            Setting.of("grpc.bind-address", ADDRESS, "0.0.0.0",
                    "Interface the gRPC endpoint listens on; 0.0.0.0 = every interface."));
    public static final Setting<Integer> GRPC_PORT = declare(Setting.of("grpc.port", PORT, 50051,
            "Port of the gRPC endpoint; 0 = any free port."));
    public static final Setting<DataSize> GRPC_MAX_INBOUND_MESSAGE_SIZE = declare(Setting.of(
            "grpc.max-inbound-message-size", MESSAGE_SIZE, DataSize.ofMiB(1),
            "Largest gRPC request message accepted."));
    public static final Setting<Integer> GRPC_EXECUTOR_THREADS = declare(Setting.of("grpc.executor-threads", THREADS, 0,
            "Threads that run gRPC calls other than scoring (health, reflection, ModelAdmin); 0 = two per core."));
    public static final Setting<Duration> GRPC_MAX_CONNECTION_AGE = declare(Setting.of("grpc.max-connection-age",
            POSITIVE_DURATION, Duration.ofMinutes(5),
            "Connections older than this are asked to reconnect, so L4 load balancers spread long-lived HTTP/2 "
                    + "clients."));
    public static final Setting<Duration> GRPC_MAX_CONNECTION_AGE_GRACE = declare(Setting.of(
            "grpc.max-connection-age-grace", ANY_DURATION, Duration.ofSeconds(30),
            "How long a connection asked to reconnect may still finish its calls."));
    public static final Setting<Integer> GRPC_MAX_CONCURRENT_STREAMS = declare(Setting.of(
            "grpc.max-concurrent-streams", integer("a number of streams", 1, 1_000_000), 100,
            "Calls one connection may have open at once (HTTP/2 MAX_CONCURRENT_STREAMS); further streams are refused "
                    + "and gRPC clients queue them. 100 is the minimum RFC 9113 recommends."));
    public static final Setting<Integer> GRPC_MAX_IN_FLIGHT_CALLS = declare(Setting.of(
            "grpc.max-in-flight-calls", integer("a number of calls", 0, 1_000_000), 0,
            "Most unary Score and ScoreBatch calls the whole server may have in flight; one more is answered "
                    + "RESOURCE_EXHAUSTED as soon as its headers are read, before its message is parsed. The bound "
                    + "halves (at most every 100 ms) while callers give up on admitted calls and grows back as calls "
                    + "are answered. 0 = " + GrpcConfig.IN_FLIGHT_CALLS_PER_CORE + " per core: 32 refused calls at "
                    + "a tenth of capacity when a pause held 32, 128 let an overloaded server collapse "
                    + "(BENCHMARKS.md sets K and N)."));
    public static final Setting<Integer> GRPC_MAX_STREAM_RESETS = declare(Setting.of("grpc.max-stream-resets",
            integer("a number of resets", 1, 1_000_000), 10_000,
            "Streams a client may reset within grpc.stream-reset-window before its connection is closed with "
                    + "GOAWAY ENHANCE_YOUR_CALM (the HTTP/2 rapid-reset attack, CVE-2023-44487). A client also resets "
                    + "each call whose deadline passes, so under load an honest client resets many: too low a limit "
                    + "cuts it off with every call on the connection."));
    public static final Setting<Duration> GRPC_STREAM_RESET_WINDOW = declare(Setting.of("grpc.stream-reset-window",
            duration(Duration.ofSeconds(1), Duration.ofDays(1)), Duration.ofSeconds(10),
            "Window over which grpc.max-stream-resets is counted, in whole seconds."));
    public static final Setting<Duration> GRPC_SHUTDOWN_GRACE = declare(Setting.of("grpc.shutdown-grace", ANY_DURATION,
            Duration.ofSeconds(10), "On shutdown, in-flight calls get this long to finish before they are cancelled."));
    public static final Setting<String> GRPC_TLS_CERT_CHAIN_FILE = declare(Setting.of("grpc.tls.cert-chain-file",
            OPTIONAL_FILE, "", "TLS for the gRPC endpoint: PEM certificate chain. This and private-key-file both "
                    + "empty = plaintext."));
    public static final Setting<String> GRPC_TLS_PRIVATE_KEY_FILE = declare(Setting.of("grpc.tls.private-key-file",
            OPTIONAL_FILE, "", "PKCS#8 private key (PEM) of the certificate chain."));
    public static final Setting<String> GRPC_TLS_CLIENT_CA_FILE = declare(Setting.of("grpc.tls.client-ca-file",
            OPTIONAL_FILE, "", "When set, clients must present a certificate signed by this CA (mutual TLS)."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<Integer> SCORING_THREADS = section("gRPC scoring pool",
            Setting.of("scoring.threads", THREADS, 0, "Threads that score gRPC requests; 0 = one per core."));
    public static final Setting<Integer> SCORING_MAX_QUEUED_REQUESTS = declare(Setting.of(
            "scoring.max-queued-requests", integer("a number of requests", 1, 1_000_000), 1024,
            "Requests that may wait for a scoring thread; a request that finds the queue full is answered "
                    + "RESOURCE_EXHAUSTED at once (load shedding) instead of queueing without bound."));
    public static final Setting<Duration> SCORING_MAX_QUEUE_DELAY = declare(Setting.of("scoring.max-queue-delay",
            POSITIVE_DURATION, Duration.ofMillis(10),
            "While the request that has waited longest for a scoring thread has waited longer than this, new "
                    + "requests are answered RESOURCE_EXHAUSTED before being read (as is a request whose deadline "
                    + "is shorter than that wait): a queue longer than this only makes answers late."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<String> ADMIN_BIND_ADDRESS = section(
            "Operations HTTP endpoint: /livez and /readyz for probes that cannot speak gRPC health, /metrics for "
                    + "Prometheus",
            Setting.of("admin.bind-address", ADDRESS, "0.0.0.0", "Interface the operations endpoint listens on."));
    public static final Setting<Integer> ADMIN_PORT = declare(Setting.of("admin.port", PORT, 9464,
            "Port of the operations endpoint; 0 = any free port."));
    public static final Setting<Duration> ADMIN_REQUEST_TIMEOUT = declare(Setting.of("admin.request-timeout",
            POSITIVE_DURATION, Duration.ofSeconds(5), "A connection must send its request and take the answer within "
                    + "this time, or it is closed; a stalled or slow client never holds a thread, so probes are "
                    + "answered while it waits."));
    public static final Setting<Integer> ADMIN_MAX_CONNECTIONS = declare(Setting.of("admin.max-connections",
            integer("a number of connections", 1, 4096), 64, "Connections held at once; beyond it, the connection "
                    + "that has waited longest is dropped to admit the new one."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<Boolean> THRIFT_ENABLED = section("Legacy Thrift endpoint (TBinaryProtocol, unframed "
                    + "socket)",
            Setting.of("thrift.enabled", bool(), true, "Serve the legacy Thrift endpoint."));
    public static final Setting<String> THRIFT_BIND_ADDRESS = declare(Setting.of("thrift.bind-address", ADDRESS,
            "0.0.0.0", "Interface the Thrift endpoint listens on."));
    public static final Setting<Integer> THRIFT_PORT = declare(Setting.of("thrift.port", PORT, 9090,
            "Port of the Thrift endpoint; 0 = any free port."));
    public static final Setting<Integer> THRIFT_MAX_CONNECTIONS = declare(Setting.of("thrift.max-connections",
            integer("a number of connections", 1, 4096), 64,
            "Worker threads, one per open connection (as legacy clients expect). When all are taken, a new "
                    + "connection takes the worker of the connection longest without a completed call; if every one "
                    + "completed a call within thrift.message-read-timeout, the new one is closed at once."));
    public static final Setting<Duration> THRIFT_IDLE_TIMEOUT = declare(Setting.of("thrift.idle-timeout",
            duration(Duration.ofMillis(1), Duration.ofHours(24)), Duration.ofSeconds(60),
            "A connection silent for this long is closed (defends against slow clients)."));
    public static final Setting<Duration> THRIFT_REQUEST_BUDGET = declare(Setting.of("thrift.request-budget",
            ANY_DURATION, Duration.ofMillis(50),
            "Server-side deadline of one legacy call (the legacy protocol carries none); 0s fails every call."));
    public static final Setting<DataSize> THRIFT_MAX_MESSAGE_SIZE = declare(Setting.of("thrift.max-message-size",
            MESSAGE_SIZE, DataSize.ofKiB(64), "Largest legacy message accepted."));
    public static final Setting<DataSize> THRIFT_MAX_STRING_SIZE = declare(Setting.of("thrift.max-string-size",
            MESSAGE_SIZE, DataSize.ofKiB(16), "Largest string field accepted (bounds what a forged length field "
                    + "can allocate)."));
    public static final Setting<Integer> THRIFT_MAX_CONTAINER_LENGTH = declare(Setting.of(
            "thrift.max-container-length", integer("a number of elements", 1, Integer.MAX_VALUE), 1024,
            "Largest list, map or set accepted."));
    public static final Setting<Integer> THRIFT_MONDAY_IS = declare(Setting.of("thrift.monday-is", integer("", 0, 1), 0,
            "Which number legacy producers use for Monday in dayOfWeek: 0 (Monday..Sunday = 0..6) or 1 (1..7)."));
    public static final Setting<Duration> THRIFT_DRAIN_TIMEOUT = declare(Setting.of("thrift.drain-timeout",
            ANY_DURATION, Duration.ofSeconds(10),
            "How long shutdown waits for open connections to finish their calls."));
    public static final Setting<Duration> THRIFT_MESSAGE_READ_TIMEOUT = declare(Setting.of(
            "thrift.message-read-timeout", duration(Duration.ofMillis(1), Duration.ofHours(1)), Duration.ofSeconds(2),
            "A legacy message must arrive whole within this long of its first byte (a slow drip is cut); a "
                    + "connection that completed a call within this long is never evicted."));
    public static final Setting<Duration> THRIFT_WRITE_TIMEOUT = declare(Setting.of("thrift.write-timeout",
            duration(Duration.ofMillis(1), Duration.ofHours(1)), Duration.ofSeconds(5),
            "A write of an answer that has not returned after this long (the client does not read) closes the "
                    + "connection."));
    public static final Setting<OnErrorPolicy> THRIFT_ON_ERROR = declare(Setting.of("thrift.on-error",
            ValueTypes.of(OnErrorPolicy.EXPECTED, OnErrorPolicy::parse, OnErrorPolicy::toString),
            OnErrorPolicy.EXCEPTION, "What a legacy call that cannot be scored answers. exception: a "
                    + "TApplicationException whose message starts with the status, never a made-up score. "
                    + "likelihood:<v>: that likelihood instead, for legacy clients that cannot survive an exception "
                    + "(likelihood:1.0 makes a thresholding caller send the request: fail-open). Such an answer is "
                    + "a policy, not a score: each is counted in sluice.thrift.policy_answers by status and logged "
                    + "at most once per 10s."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<String> MODEL_LOCATION = section("The model", Setting.of("model.location",
            text("bundled, an artifact folder, a store folder or s3://bucket/prefix", SettingsCatalog::isLocation),
            ModelConfig.BUNDLED,
            "\"bundled\" (shipped in the jar), the path of one artifact folder (manifest.json + network file), or a "
                    + "versioned store watched for new versions: a folder holding a CURRENT file, or "
                    + "s3://bucket/prefix. A store holds CURRENT (one version label) and a <version>/ folder per "
                    + "artifact."));
    public static final Setting<Duration> MODEL_POLL_INTERVAL = declare(Setting.of("model.poll-interval", ANY_DURATION,
            Duration.ofSeconds(30), "How often a store's CURRENT is checked for a new version; 0s turns polling off "
                    + "(ModelAdmin can still load)."));
    public static final Setting<Boolean> MODEL_FALLBACK_TO_BUNDLED = declare(Setting.of("model.fallback-to-bundled",
            bool(), false, "While no version of a store has loaded (store unreachable, artifact refused), serve the "
                    + "bundled model instead of staying NOT_SERVING."));
    public static final Setting<Integer> MODEL_WARMUP_PASSES = declare(Setting.of("model.warmup-passes",
            integer("a number of passes", 0, Integer.MAX_VALUE), 200,
            "Scoring passes run on a new model before it takes traffic."));
    public static final Setting<String> MODEL_S3_REGION = declare(Setting.of("model.s3.region",
            text("an AWS region such as us-east-1", value -> !value.isEmpty()), "us-east-1",
            "Region of an S3 store. Credentials come from the AWS default chain (environment, profile, container "
                    + "or instance role)."));
    public static final Setting<String> MODEL_S3_ENDPOINT = declare(Setting.of("model.s3.endpoint",
            text("empty (AWS itself) or an http(s) URL", value -> value.isEmpty() || ValueTypes.isHttpUrl(value)),
            "", "Endpoint override for S3-compatible stores; empty = AWS itself."));
    public static final Setting<Boolean> MODEL_S3_PATH_STYLE = declare(Setting.of("model.s3.path-style", bool(), false,
            "Path-style addressing (bucket in the path), which most S3-compatible stores need."));
    public static final Setting<Inference> MODEL_INFERENCE = declare(Setting.of("model.inference",
            choice(Inference.class), Inference.COMPILED, "compiled: trained weights run as plain Java (fast path, "
                    + "verified against DL4J). dl4j: one DL4J output() per request."));
    public static final Setting<Integer> MODEL_DL4J_POOL_SIZE = declare(Setting.of("model.dl4j-pool-size",
            integer("a number of network clones", 0, 4096), 0,
            "Network clones for model.inference=dl4j (a DL4J network is not thread-safe); 0 = one per core."));
    public static final Setting<DataSize> MODEL_MAX_ARTIFACT_SIZE = declare(Setting.of("model.max-artifact-size",
            size(DataSize.ofBytes(1), null), DataSize.ofMiB(256), "Largest model artifact accepted: the network file "
                    + "as stored, and what it inflates to (also bounded by what the manifest's layer sizes need; a "
                    + "configuration entry by 1 MiB). Checked before DL4J parses it."));
    public static final Setting<CandidateConfig.Mode> MODEL_CANDIDATE_MODE = declare(Setting.of("model.candidate.mode",
            choice(CandidateConfig.Mode.class), CandidateConfig.Mode.SHADOW, "How a store's candidate version (named "
                    + "by its CANDIDATE file, or set through ModelAdmin) is tried. shadow: it scores "
                    + "model.candidate.share of requests off the hot path, compared with the serving model in the "
                    + "metrics; it never answers a call. canary: it answers model.candidate.share of requests, chosen "
                    + "by a hash of bid_request.id, so a request always lands on the same version."));
    public static final Setting<Double> MODEL_CANDIDATE_SHARE = declare(Setting.of("model.candidate.share", fraction(),
            0.01, "Share of requests the candidate scores: the shadow's sample, or the canary's share of answers."));
    public static final Setting<Integer> MODEL_CANDIDATE_SHADOW_QUEUE = declare(Setting.of(
            "model.candidate.shadow-queue", integer("a number of requests", 1, 1_000_000), 1000,
            "Sampled requests waiting for the shadow scorer (one thread); when it is full, a new one is dropped and "
                    + "counted: a call never waits for the shadow."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<Boolean> MODEL_ADMIN_ENABLED = section("ModelAdmin gRPC service (list versions, show "
                    + "manifest, load a version, roll back, try and promote a candidate) on the gRPC port",
            Setting.of("model-admin.enabled", bool(), false, "Serve ModelAdmin; every call must then carry "
                    + "\"authorization: Bearer <token>\" with the token of model-admin.token-file."));
    public static final Setting<String> MODEL_ADMIN_TOKEN_FILE = declare(Setting.of("model-admin.token-file",
            OPTIONAL_FILE, "", "File holding the ModelAdmin bearer token (at least "
                    + ModelAdminConfig.MIN_TOKEN_LENGTH + " characters); required when model-admin.enabled=true."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<Integer> LIMITS_MAX_PARTNERS = section("Request validation limits (both protocols)",
            Setting.of("limits.max-partners", integer("a number of partners", 1, Integer.MAX_VALUE), 64,
                    "Partner ids one request may name."));
    public static final Setting<Integer> LIMITS_MAX_SEGMENTS = declare(Setting.of("limits.max-segments",
            integer("a number of segments", 0, FeatureExtractor.MAX_SEGMENTS), FeatureExtractor.MAX_SEGMENTS,
            "User data segments across all user.data entries of one request; at most "
                    + FeatureExtractor.MAX_SEGMENTS + ", what the feature extractor reads, so none is silently "
                    + "dropped."));
    public static final Setting<Integer> LIMITS_MAX_STRING_LENGTH = declare(Setting.of("limits.max-string-length",
            integer("a number of characters", 1, Integer.MAX_VALUE), 256,
            "Characters in any string field but the user agent."));
    public static final Setting<Integer> LIMITS_MAX_USER_AGENT_LENGTH = declare(Setting.of(
            "limits.max-user-agent-length", integer("a number of characters", 1, Integer.MAX_VALUE), 1024,
            "Characters in device.ua."));
    public static final Setting<Integer> LIMITS_MAX_BATCH_REQUESTS = declare(Setting.of("limits.max-batch-requests",
            integer("a number of requests", 1, Integer.MAX_VALUE), 1000, "Requests in one batch call."));
    public static final Setting<DataSize> LIMITS_MAX_OPENRTB_JSON_SIZE = declare(Setting.of(
            "limits.max-openrtb-json-size", MESSAGE_SIZE, DataSize.ofKiB(64),
            "Largest request given as the exchange's OpenRTB JSON (ScoreRequest.openrtb_json); the whole gRPC "
                    + "message is bounded by grpc.max-inbound-message-size."));
    public static final Setting<Integer> LIMITS_MAX_OPENRTB_JSON_DEPTH = declare(Setting.of(
            "limits.max-openrtb-json-depth", integer("a number of levels", RequestLimits.MIN_JSON_DEPTH, 1000), 32,
            "Nesting of objects and arrays in an OpenRTB JSON request, ext included; at least "
                    + RequestLimits.MIN_JSON_DEPTH + ", the depth of $.user.data[].segment[]."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<Double> DECISION_LOG_SAMPLE_RATE = section("Decision log (a sample of what was "
                    + "decided, for training and audits; never blocks or fails a call)",
            Setting.of("decision-log.sample-rate", fraction(), 0.0,
                    "Share of scored requests (gRPC and Thrift) written to the decision log; 0 = no log. 0.01 keeps "
                            + "one request in a hundred."));
    public static final Setting<String> DECISION_LOG_DIRECTORY = declare(Setting.of("decision-log.directory",
            text("a folder path", value -> !value.isEmpty()), "decision-log",
            "Folder of the log files: where they stay without decision-log.s3-location, and where they wait for "
                    + "upload with it."));
    public static final Setting<String> DECISION_LOG_S3_LOCATION = declare(Setting.of("decision-log.s3-location",
            text("empty or s3://bucket/prefix", value -> value.isEmpty() || S3Location.parse(value).isPresent()), "",
            "Where finished files are uploaded, under dt=YYYY-MM-DD/hour=HH/ by the hour they were started; "
                    + "connection settings are model.s3.*. Empty = keep the files in decision-log.directory."));
    public static final Setting<DataSize> DECISION_LOG_MAX_FILE_SIZE = declare(Setting.of(
            "decision-log.max-file-size", size(DataSize.ofKiB(1), null), DataSize.ofMiB(64),
            "A file is finished (and uploaded) once it holds this much."));
    public static final Setting<Duration> DECISION_LOG_MAX_FILE_AGE = declare(Setting.of("decision-log.max-file-age",
            POSITIVE_DURATION, Duration.ofMinutes(5), "A file is finished (and uploaded) this long after it was "
                    + "started, however small."));
    public static final Setting<Integer> DECISION_LOG_BUFFER_RECORDS = declare(Setting.of(
            "decision-log.buffer-records", integer("a number of records", 1, 10_000_000), 10_000,
            "Records waiting to be written; when the buffer is full, new records are dropped and counted."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<Double> SHAPING_EXPLORATION_RATE = section("Traffic shaping for gRPC callers: "
                    + "exploration, thresholds from a recall target, per-partner QPS caps (the legacy Thrift call "
                    + "returns the likelihood only)",
            Setting.of("shaping.exploration-rate", fraction(), 0.01, "Share of requests sent to each partner "
                    + "whatever their score, marked exploration in the response with the probability, so that "
                    + "training sees the outcome of requests the model would filter; 0 = none."));
    public static final SettingFamily<Double> SHAPING_PARTNER_EXPLORATION_RATE = declare(new SettingFamily<>(
            "shaping.exploration-rate", "partner", fraction(), "The exploration rate of one partner, instead of "
                    + "shaping.exploration-rate."));
    public static final Setting<String> SHAPING_EXPLORATION_SALT = declare(Setting.of("shaping.exploration-salt",
            text("any text", salt -> true), "sluice", "Mixed into the hash of (request id, partner) that picks "
                    + "exploration requests: every replica of a fleet must share it; a new salt draws a new sample."));
    public static final Setting<Optional<Double>> SHAPING_TARGET_RECALL = declare(Setting.of(
            "shaping.target-recall", optional(positiveFraction(), "the model's default thresholds"),
            Optional.empty(), "Share of each partner's bids its threshold should keep: when a model loads, each "
                    + "partner's threshold is the largest of its held-out threshold table that keeps this share "
                    + "(a request's own thresholds still win). An artifact without a table keeps its default "
                    + "thresholds, with a warning."));
    public static final SettingFamily<Double> SHAPING_PARTNER_TARGET_RECALL = declare(new SettingFamily<>(
            "shaping.target-recall", "partner", positiveFraction(), "The target recall of one partner, instead of "
                    + "shaping.target-recall."));
    public static final SettingFamily<Double> SHAPING_PARTNER_QPS_CAP = declare(new SettingFamily<>(
            "shaping.partner-qps-cap", "partner", positiveNumber("a number of requests per second"),
            "Most requests per second one partner accepts from the whole fleet, exploration included. Each replica "
                    + "keeps to its share (cap / shaping.fleet-replicas) by raising the partner's threshold, so the "
                    + "requests sent are the ones most likely to bid. Not set = no cap."));
    public static final Setting<Integer> SHAPING_FLEET_REPLICAS = declare(Setting.of("shaping.fleet-replicas",
            integer("a number of replicas", 1, 1_000_000), 1, "Replicas the fleet's traffic is spread over evenly; "
                    + "each partner's QPS cap is split among them."));
    public static final Setting<Duration> SHAPING_CAP_WINDOW = declare(Setting.of("shaping.cap-window",
            duration(Duration.ofSeconds(1), Duration.ofHours(1)), Duration.ofSeconds(10), "Sliding window over "
                    + "which a capped partner's request rate and score distribution are tracked, in ten slots; the "
                    + "cap's threshold is worked out again as each slot completes."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<String> OTEL_SERVICE_NAME = section("Observability (OpenTelemetry). Metrics are always "
                    + "served as Prometheus text at admin.port /metrics",
            Setting.of("otel.service-name", text("a non-empty name", value -> !value.isEmpty()), "sluice",
                    "Resource attribute service.name of every span and metric.").alsoFrom("OTEL_SERVICE_NAME"));
    public static final Setting<URI> OTEL_EXPORTER_OTLP_ENDPOINT = declare(Setting.of("otel.exporter.otlp.endpoint",
            ValueTypes.httpUrl(), URI.create("http://localhost:4318"),
            "Base URL of an OTLP http/protobuf receiver (an ADOT/OpenTelemetry Collector); /v1/traces and "
                    + "/v1/metrics are appended.").alsoFrom("OTEL_EXPORTER_OTLP_ENDPOINT"));
    public static final Setting<Boolean> OTEL_TRACES_ENABLED = declare(Setting.of("otel.traces.enabled", bool(), false,
            "Traces: server spans for gRPC and legacy Thrift calls, child spans for feature extraction and "
                    + "inference, X-Ray-compatible trace ids, W3C traceparent and X-Amzn-Trace-Id continued."));
    public static final Setting<Double> OTEL_TRACES_SAMPLER_RATIO = declare(Setting.of("otel.traces.sampler-ratio",
            fraction(), 0.01, "Share of new traces recorded; a caller's sampled/unsampled decision is always "
                    + "followed."));
    public static final Setting<Duration> OTEL_TRACES_EXPORT_DELAY = declare(Setting.of("otel.traces.export-delay",
            ANY_DURATION, Duration.ofSeconds(5),
            "Longest wait before finished spans are exported (a full batch of 512 goes at once)."));
    public static final Setting<Boolean> OTEL_METRICS_OTLP_ENABLED = declare(Setting.of("otel.metrics.otlp-enabled",
            bool(), false, "Push metrics by OTLP as well (for CloudWatch through the collector's EMF exporter)."));
    public static final Setting<Duration> OTEL_METRICS_EXPORT_INTERVAL = declare(Setting.of(
            "otel.metrics.export-interval", POSITIVE_DURATION, Duration.ofSeconds(60),
            "How often metrics are pushed by OTLP."));

    // ---------------------------------------------------------------------------------------------------------------
    public static final Setting<LogFormat> LOG_FORMAT = section("Logs (stderr)",
            Setting.of("log.format", choice(LogFormat.class), LogFormat.AUTO,
                    "auto: readable lines (local time, level, logger, message) in a terminal, one JSON object per "
                            + "line anywhere else. json or text choose one always."));

    private static final int DOCUMENT_WIDTH = 118;

    private SettingsCatalog() {
    }

    /** Every setting, in declaration order. */
    public static List<Setting<?>> all() {
        return List.copyOf(BY_KEY.values());
    }

    /** The setting of {@code key}. */
    public static Optional<Setting<?>> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The setting whose {@code SLUICE_*} variable is {@code name}. */
    public static Optional<Setting<?>> byEnvironmentVariable(String name) {
        return Optional.ofNullable(BY_VARIABLE.get(name));
    }

    /** Every family of per-name settings, in declaration order. */
    public static List<SettingFamily<?>> families() {
        return List.copyOf(FAMILIES);
    }

    /** The families declared right after {@code setting}, where documents list them. */
    static List<SettingFamily<?>> familiesAfter(Setting<?> setting) {
        return FAMILIES_AFTER.getOrDefault(setting.key(), List.of());
    }

    /**
     * Every setting with its default, in properties format with the meaning and what is accepted as comments: the
     * output of {@code sluice serve --print-defaults}, and a valid {@code --config} file.
     */
    public static String defaultsDocument() {
        StringBuilder out = new StringBuilder();
        comment(out, "Every Sluice setting with its default (generated by `sluice serve --print-defaults` from "
                + SettingsCatalog.class.getName() + "). Override in a file (--config FILE), by environment "
                + "variable (SLUICE_ + the key in upper case with '.' and '-' as '_': grpc.port -> SLUICE_GRPC_PORT) "
                + "or with --set key=value; later wins. Durations: 250ms, 10s, 5m, 1h or ISO-8601 (PT10S). Sizes: "
                + "bytes, or with B/KiB/MiB/GiB/TiB.");
        for (Setting<?> setting : BY_KEY.values()) {
            String section = SECTIONS.get(setting.key());
            if (section != null) {
                out.append('\n');
                comment(out, "== " + section + " ==");
            }
            out.append('\n');
            comment(out, setting.description());
            comment(out, "Accepts " + setting.type().expected() + ". Environment: " + setting.environmentVariable()
                    + setting.standardVariable().map(name -> " (or " + name + ")").orElse("") + ".");
            out.append(setting.key()).append('=').append(escape(setting.defaultText())).append('\n');
            for (SettingFamily<?> family : familiesAfter(setting)) {
                out.append('\n');
                comment(out, family.description());
                comment(out, "Accepts " + family.type().expected() + ". Environment: " + family.environmentPrefix()
                        + "<" + family.member() + "> with the " + family.member() + " as written (names with other "
                        + "characters than letters, digits and '_' only in a file or with --set). Not set by default; "
                        + "for example:");
                comment(out, family.pattern() + "=");
            }
        }
        return out.toString();
    }

    private static void comment(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() > 1 && line.length() + 1 + word.length() > DOCUMENT_WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }

    /** Properties-file escaping for a value: backslashes, and a leading blank that would otherwise be dropped. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }

    private static boolean isLocation(String location) {
        if (location.isEmpty()) {
            return false;
        }
        return !S3Location.isWrittenAsS3(location) || S3Location.parse(location).isPresent();
    }

    private static <T> Setting<T> section(String title, Setting<T> first) {
        SECTIONS.put(first.key(), title);
        return declare(first);
    }

    private static <T> Setting<T> declare(Setting<T> setting) {
        String variable = setting.environmentVariable();
        if (BY_KEY.putIfAbsent(setting.key(), setting) != null
                || BY_VARIABLE.putIfAbsent(variable, setting) != null
                || Settings.NOT_SETTINGS.contains(variable)
                || FAMILIES.stream().anyMatch(family -> family.memberOfKey(setting.key()).isPresent()
                        || family.memberOfVariable(variable).isPresent())) {
            throw new IllegalStateException("setting " + setting.key() + " is declared twice or its variable "
                    + variable + " is taken");
        }
        return setting;
    }

    /** Declares a family after the last setting declared, where documents list it. */
    private static <T> SettingFamily<T> declare(SettingFamily<T> family) {
        boolean clash = BY_KEY.values().stream().anyMatch(setting -> family.memberOfKey(setting.key()).isPresent()
                || family.memberOfVariable(setting.environmentVariable()).isPresent())
                || FAMILIES.stream().anyMatch(other -> other.memberOfKey(family.keyOf("x")).isPresent()
                        || family.memberOfKey(other.keyOf("x")).isPresent());
        if (clash) {
            throw new IllegalStateException("setting family " + family.pattern() + " overlaps another setting");
        }
        FAMILIES.add(family);
        String last = new ArrayList<>(BY_KEY.keySet()).get(BY_KEY.size() - 1);
        FAMILIES_AFTER.computeIfAbsent(last, key -> new ArrayList<>()).add(family);
        return family;
    }
}
