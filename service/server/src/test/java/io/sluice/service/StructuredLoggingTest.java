package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.service.logging.StderrLogConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StructuredLoggingTest {

    private static Struct json(String line) throws Exception {
        Struct.Builder object = Struct.newBuilder();
        JsonFormat.parser().merge(line, object);
        return object.build();
    }

    @Test
    void shippedLoggingWritesOneJsonObjectPerLineWithTheCurrentTraceId() throws Exception {
        SpanContext traced = SpanContext.create("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8",
                TraceFlags.getSampled(), TraceState.getDefault());
        // A context of its own, so the tests' logging stays as configured; SLF4J gives only its bound context an MDC.
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            StderrLogConfigurator.writeToStderr(context);
            Scope scope = Span.wrap(traced).makeCurrent();
            try {
                context.getLogger("io.sluice.test").info("loaded model {}", "bundled-1");
            } finally {
                scope.close();
            }
            context.getLogger("io.sluice.test").warn("outside any trace");
        } finally {
            System.setErr(original);
            context.stop();
        }

        List<String> lines = stderr.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        Struct inTrace = json(lines.get(0));
        assertThat(inTrace.getFieldsOrThrow("level").getStringValue()).isEqualTo("INFO");
        assertThat(inTrace.getFieldsOrThrow("formattedMessage").getStringValue()).isEqualTo("loaded model bundled-1");
        Map<String, com.google.protobuf.Value> mdc = inTrace.getFieldsOrThrow("mdc").getStructValue().getFieldsMap();
        assertThat(mdc.get("trace_id").getStringValue()).isEqualTo(traced.getTraceId());
        assertThat(mdc.get("span_id").getStringValue()).isEqualTo(traced.getSpanId());
        assertThat(json(lines.get(1)).getFieldsOrThrow("level").getStringValue()).isEqualTo("WARN");
    }

    @Test
    void servingCallsOfEitherProtocolLogNothingAtInfoOrAbove() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        try (RunningServer running = RunningServer.inProcess(Map.of());
             TSocket socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000)) {
            ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(running.channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            socket.open();
            BidRequestFilter.Client legacy = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            BidRequest badHour = LegacyThriftTest.legacyTuesday14h("3358");
            badHour.setHour("25");
            root.addAppender(captured);
            try {
                scorer.score(Requests.scoreRequest("quiet", "3358"));
                scorer.scoreBatch(ScoreBatchRequest.newBuilder()
                        .addRequests(Requests.scoreRequest("quiet-batch", "1458")).build());
                assertThatThrownBy(() -> scorer.score(Requests.scoreRequest("rejected", "9999")))
                        .isInstanceOf(StatusRuntimeException.class);
                legacy.filter(LegacyThriftTest.legacyTuesday14h("3358"));
                assertThatThrownBy(() -> legacy.filter(badHour)).isInstanceOf(TApplicationException.class);
            } finally {
                root.detachAppender(captured);
            }
        }

        assertThat(captured.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEmpty();
    }
}
