package io.sluice.service.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreBatchResponse;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.scoring.RequestLimits;
import io.sluice.scoring.ScoringException;
import io.sluice.scoring.ScoringService;
import io.sluice.service.telemetry.ServingMetrics;
import io.sluice.service.telemetry.SpanAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sluice.v1.Scorer} gRPC service: a thin protocol layer over {@link ScoringService}.
 *
 * <p>Its handlers run on the transport threads only long enough to hand the work to the {@link ScoringPool}. Before
 * a request is even parsed, {@link ScoringAdmission} may refuse it because the pool's queue already makes work late;
 * a request the full queue does not take is refused too. Either way the call is answered RESOURCE_EXHAUSTED at once
 * (in a stream, that request's outcome). Streams use manual flow control in both
 * directions, so a fast client, or one that stops reading, is slowed by HTTP/2 back-pressure instead of filling the
 * server's memory.
 *
 * <p>Requests arrive as bytes and are parsed here: grpc-java answers a message that fails to parse with UNKNOWN,
 * which reads as a server fault, whereas it is bad input and gets INVALID_ARGUMENT.
 */
public final class ScorerGrpcService implements BindableService {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerGrpcService.class);
    /** Requests of one stream accepted before the client must wait for outcomes. */
    static final int STREAM_WINDOW = 64;
    /**
     * Answered requests of one stream whose replacements are asked for together: each ask from a scoring thread is a
     * task handed to the connection's event loop, too costly to make per request.
     */
    private static final int STREAM_REQUEST_BATCH = STREAM_WINDOW / 4;

    private static final String BATCH_METHOD = ScorerGrpc.getScoreBatchMethod().getFullMethodName();
    private static final String STREAM_METHOD = ScorerGrpc.getScoreStreamMethod().getFullMethodName();

    private final ScoringService scoring;
    private final RequestLimits limits;
    private final ScoringPool pool;
    private final ScoringAdmission admission;
    private final ServingMetrics metrics;
    private final Set<OrderedStream> openStreams = ConcurrentHashMap.newKeySet();
    private volatile boolean endingStreams;

    public ScorerGrpcService(ScoringService scoring, RequestLimits limits, ScoringPool pool,
                             ScoringAdmission admission, ServingMetrics metrics) {
        this.scoring = scoring;
        this.limits = limits;
        this.pool = pool;
        this.admission = admission;
        this.metrics = metrics;
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServiceDescriptor generated = ScorerGrpc.getServiceDescriptor();
        MethodDescriptor<byte[], ScoreResponse> score = asBytes(ScorerGrpc.getScoreMethod());
        MethodDescriptor<byte[], ScoreBatchResponse> batch = asBytes(ScorerGrpc.getScoreBatchMethod());
        MethodDescriptor<byte[], ScoreOutcome> stream = asBytes(ScorerGrpc.getScoreStreamMethod());
        ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(generated.getName())
                .setSchemaDescriptor(generated.getSchemaDescriptor())
                .addMethod(score).addMethod(batch).addMethod(stream)
                .build();
        return ServerServiceDefinition.builder(descriptor)
                .addMethod(score, ServerCalls.asyncUnaryCall(this::score))
                .addMethod(batch, ServerCalls.asyncUnaryCall(this::scoreBatch))
                .addMethod(stream, ServerCalls.asyncBidiStreamingCall(this::scoreStream))
                .build();
    }

    private void score(byte[] message, StreamObserver<ScoreResponse> responses) {
        ScoringRefusal refusal = admission.refusal();
        if (refusal != null) {
            responses.onError(refusal.error());
            return;
        }
        ServerCallStreamObserver<ScoreResponse> call = answerableAfterCancel(responses);
        ScoreRequest request;
        try {
            request = ScoreRequest.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            call.onError(malformed("ScoreRequest", e));
            return;
        }
        if (!pool.trySubmit(inCallContext(() -> answer(request, call)))) {
            call.onError(admission.queueFull().error());
        }
    }

    /**
     * The call, set so that an answer arriving after the client cancelled is dropped: without a cancel handler,
     * grpc-java throws from {@code onNext} on the scoring thread when the cancel lands between the check and the
     * answer.
     */
    private static <R> ServerCallStreamObserver<R> answerableAfterCancel(StreamObserver<R> responses) {
        ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) responses;
        call.setOnCancelHandler(() -> { });
        return call;
    }

    private void scoreBatch(byte[] message, StreamObserver<ScoreBatchResponse> responses) {
        ScoringRefusal refusal = admission.refusal();
        if (refusal != null) {
            responses.onError(refusal.error());
            return;
        }
        ScoreBatchRequest request;
        try {
            request = ScoreBatchRequest.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            responses.onError(malformed("ScoreBatchRequest", e));
            return;
        }
        if (request.getRequestsCount() > limits.maxBatchRequests()) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("requests: at most " + limits.maxBatchRequests()
                    + " per batch, got " + request.getRequestsCount()).asException());
            return;
        }
        metrics.recordBatch(request.getRequestsCount());
        Span.current().setAttribute(SpanAttributes.BATCH_SIZE, request.getRequestsCount());
        ServerCallStreamObserver<ScoreBatchResponse> call = answerableAfterCancel(responses);
        boolean queued = pool.trySubmit(inCallContext(() -> {
            ScoreBatchResponse.Builder batch = ScoreBatchResponse.newBuilder();
            for (ScoreRequest item : request.getRequestsList()) {
                batch.addOutcomes(counted(BATCH_METHOD, outcome(item)));
            }
            if (!call.isCancelled()) {
                call.onNext(batch.build());
                call.onCompleted();
            }
        }));
        if (!queued) {
            call.onError(admission.queueFull().error());
        }
    }

    private StreamObserver<byte[]> scoreStream(StreamObserver<ScoreOutcome> outcomes) {
        ServerCallStreamObserver<ScoreOutcome> call = (ServerCallStreamObserver<ScoreOutcome>) outcomes;
        call.disableAutoRequest();
        OrderedStream stream = new OrderedStream(call, callContext());
        call.setOnReadyHandler(stream::onReady);
        call.setOnCancelHandler(stream::onCancel);
        openStreams.add(stream);
        if (endingStreams) {
            stream.end();
        } else {
            call.request(STREAM_WINDOW);
        }
        return stream;
    }

    /**
     * For a stop: every open {@code ScoreStream} stops taking requests, answers those it has taken, and ends
     * UNAVAILABLE so its client reconnects (to another replica). A stream never ends by itself, so without this a
     * stop would wait the whole shutdown grace for each one and then cut it.
     */
    public void endStreams() {
        endingStreams = true;
        openStreams.forEach(OrderedStream::end);
    }

    /**
     * Runs work on a pool thread as if on the call's thread: with the gRPC context (deadline, cancellation) and the
     * OpenTelemetry context (so child spans nest under the call's server span).
     */
    private static Runnable inCallContext(Runnable work) {
        return callContext().apply(work);
    }

    /**
     * Captures the current call's contexts, to run later work in them. A call outside any sampled trace has the root
     * OpenTelemetry context, which a pool thread already has: that work is not wrapped in it.
     */
    private static UnaryOperator<Runnable> callContext() {
        Context grpc = Context.current();
        io.opentelemetry.context.Context otel = io.opentelemetry.context.Context.current();
        if (otel == io.opentelemetry.context.Context.root()) {
            return grpc::wrap;
        }
        return work -> otel.wrap(grpc.wrap(work));
    }

    private static <R> MethodDescriptor<byte[], R> asBytes(MethodDescriptor<?, R> method) {
        return method.toBuilder(ByteArrayMarshaller.INSTANCE, method.getResponseMarshaller()).build();
    }

    private static StatusException malformed(String type, InvalidProtocolBufferException e) {
        return Status.INVALID_ARGUMENT.withDescription("request is not a valid " + type + ": " + e.getMessage())
                .asException();
    }

    private void answer(ScoreRequest request, ServerCallStreamObserver<ScoreResponse> call) {
        if (call.isCancelled()) {
            return;
        }
        try {
            call.onNext(scoring.score(request, ScoringStatus.deadlineOf(Context.current())));
            call.onCompleted();
        } catch (ScoringException e) {
            call.onError(ScoringStatus.of(e).asException());
        } catch (RuntimeException e) {
            call.onError(internal(e));
        }
    }

    /** The outcome of one streamed message, which may not even parse. */
    private ScoreOutcome outcome(byte[] message) {
        try {
            return outcome(ScoreRequest.parseFrom(message));
        } catch (InvalidProtocolBufferException e) {
            return ScoreOutcome.newBuilder().setError(toRpcStatus(malformed("ScoreRequest", e).getStatus())).build();
        }
    }

    /** One request's scores, or its rejection as a {@code google.rpc.Status}. */
    private ScoreOutcome outcome(ScoreRequest request) {
        try {
            // The response's id: a request given as openrtb_json has its id only once it is read.
            ScoreResponse response = scoring.score(request, ScoringStatus.deadlineOf(Context.current()));
            return ScoreOutcome.newBuilder().setRequestId(response.getRequestId()).setResponse(response).build();
        } catch (ScoringException e) {
            return outcomeOf(request).setError(toRpcStatus(ScoringStatus.of(e))).build();
        } catch (RuntimeException e) {
            return outcomeOf(request).setError(toRpcStatus(internal(e).getStatus())).build();
        }
    }

    /** {@code outcome}, counted under its status: the call's own status says nothing about its requests. */
    private ScoreOutcome counted(String method, ScoreOutcome outcome) {
        metrics.recordOutcome(method, outcome.hasError() ? Status.fromCodeValue(outcome.getError().getCode()).getCode()
                : Status.Code.OK);
        return outcome;
    }

    private static ScoreOutcome.Builder outcomeOf(ScoreRequest request) {
        return ScoreOutcome.newBuilder().setRequestId(request.getBidRequest().getId());
    }

    private static com.google.rpc.Status toRpcStatus(Status status) {
        return com.google.rpc.Status.newBuilder()
                .setCode(status.getCode().value())
                .setMessage(status.getDescription() == null ? "" : status.getDescription())
                .build();
    }

    private static StatusException internal(RuntimeException e) {
        LOG.error("scoring failed unexpectedly", e);
        return Status.INTERNAL.withDescription("internal error; see server log").asException();
    }

    /**
     * One {@code ScoreStream} call: requests are queued in arrival order and drained by at most one pool task at a
     * time, so outcomes leave in request order. A request refused on arrival by {@link ScoringAdmission} is queued
     * as its refusal's outcome, unparsed; if the pool refuses the drain, the queued requests are answered
     * RESOURCE_EXHAUSTED (still in order). When the server {@linkplain #endStreams() ends streams}, the call asks for
     * no more requests and, once those queued are answered, closes UNAVAILABLE.
     *
     * <p>Flow control both ways: at most {@link #STREAM_WINDOW} requests are taken ahead of their outcomes, and an
     * outcome is written only while the call {@linkplain ServerCallStreamObserver#isReady() is ready} (the client
     * is reading); the requests for the next messages are made only then too, a few at a time. A client that stops
     * reading therefore stops being read from: the server holds at most the window's requests and the transport's
     * ready threshold of outcomes per stream, and HTTP/2 flow control holds the client back.
     */
    private final class OrderedStream implements StreamObserver<byte[]> {

        private final ServerCallStreamObserver<ScoreOutcome> call;
        /** The drain that scores, in the call's context: made once, run each time the stream has work. */
        private final Runnable scoringDrain;
        /** A request's bytes, or the outcome of a request refused on arrival. */
        private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
        /** Messages answered whose replacements are not requested yet: fewer than a batch, or the call not ready. */
        private final AtomicInteger owed = new AtomicInteger();
        private volatile boolean halfClosed;
        private volatile boolean ending;
        private volatile boolean cancelled;
        private boolean completed;

        OrderedStream(ServerCallStreamObserver<ScoreOutcome> call, UnaryOperator<Runnable> inCallContext) {
            this.call = call;
            this.scoringDrain = inCallContext.apply(() -> drain(true));
        }

        @Override
        public void onNext(byte[] message) {
            ScoringRefusal refusal = admission.refusal();
            pending.add(refusal == null ? message : refusal.outcome());
            schedule();
        }

        @Override
        public void onError(Throwable t) {
            LOG.debug("client ended the score stream: {}", Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            halfClosed = true;
            schedule();
        }

        /** The client reads again: ask for the messages owed, and resume writing outcomes. */
        void onReady() {
            requestOwed();
            schedule();
        }

        void onCancel() {
            cancelled = true;
            pending.clear();
            openStreams.remove(this);
        }

        void end() {
            ending = true;
            schedule();
        }

        /**
         * Asks for the messages owed once there are {@link #STREAM_REQUEST_BATCH} of them. None is ever owed for
         * good: when every message asked for has been answered, all {@link #STREAM_WINDOW} are owed.
         */
        private void requestOwed() {
            if (owed.get() >= STREAM_REQUEST_BATCH && call.isReady() && !ending) {
                int n = owed.getAndSet(0);
                if (n > 0) {
                    call.request(n);
                }
            }
        }

        /** Whether a drain would make progress now. */
        private boolean hasWork() {
            if (cancelled) {
                return false;
            }
            return pending.isEmpty() ? (halfClosed || ending) && !completed : call.isReady();
        }

        private void schedule() {
            if (hasWork() && draining.compareAndSet(false, true)
                    && !pool.trySubmit(scoringDrain)) {
                drain(false);
            }
        }

        /**
         * Runs while holding {@code draining}; scores (or sheds) what is queued while the call is ready, then
         * finishes if half-closed and nothing is left.
         */
        private void drain(boolean score) {
            do {
                Object item;
                while (!cancelled && call.isReady() && (item = pending.poll()) != null) {
                    call.onNext(counted(STREAM_METHOD, item instanceof ScoreOutcome refused ? refused
                            : score ? outcome((byte[]) item) : admission.queueFull().outcome()));
                    owed.incrementAndGet();
                    requestOwed();
                }
                if ((halfClosed || ending) && !completed && pending.isEmpty() && !cancelled) {
                    completed = true;
                    openStreams.remove(this);
                    if (halfClosed) {
                        call.onCompleted();
                    } else {
                        call.onError(Status.UNAVAILABLE.withDescription("server shutting down: every request "
                                + "before this status has its outcome; send the rest on a new stream").asException());
                    }
                }
                draining.set(false);
            } while (hasWork() && draining.compareAndSet(false, true));
        }
    }
}
