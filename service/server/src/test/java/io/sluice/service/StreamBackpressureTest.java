package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@code ScoreStream} client that sends as fast as the server lets it and never reads its outcomes: the server
 * must stop taking requests once outcomes back up, instead of buffering them without bound.
 */
class StreamBackpressureTest {

    private static final long MIB = 1L << 20;
    private static final Duration FLOOD = Duration.ofSeconds(5);
    /** Requests a client that reads nothing may push: the server's receive window and stream window, with slack. */
    private static final int MAX_TAKEN = 1_000;

    /** A raw call whose listener counts outcomes and wakes the sender when the call can take more. */
    private static final class RawStream extends ClientCall.Listener<ScoreOutcome> {

        final Semaphore ready = new Semaphore(0);
        final List<ScoreOutcome> outcomes = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<Status> status = new AtomicReference<>();

        @Override
        public void onReady() {
            ready.release();
        }

        @Override
        public void onMessage(ScoreOutcome message) {
            outcomes.add(message);
        }

        @Override
        public void onClose(Status closing, Metadata trailers) {
            status.set(closing);
            closed.countDown();
        }
    }

    private static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long directUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    /**
     * A request of about 17 KiB (a 250-character id, so outcomes are about 500 bytes, and 16 KiB in an unknown field,
     * which the server parses past): the server's 1 MiB HTTP/2 receive window then holds only about 60 of them, so
     * what the client manages to send is close to what the server chose to take.
     */
    private static ScoreRequest request(int i) {
        return Requests.scoreRequest(requestId(i)).toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(999, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFrom(new byte[16 << 10])).build()).build())
                .build();
    }

    private static String requestId(int i) {
        return String.format("%-250d", i).replace(' ', '.');
    }

    /**
     * Sends while the call is ready, until {@code max} messages, or {@code flood} after the first one went out (a cold
     * JVM takes a moment to start), or 12 s in all; returns how many were sent.
     */
    private static int sendWhileReady(ClientCall<ScoreRequest, ScoreOutcome> call, RawStream listener, int from,
                                      int max, Duration flood) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(12);
        int sent = 0;
        while (sent < max && System.nanoTime() < deadline) {
            if (call.isReady()) {
                call.sendMessage(request(from + sent));
                if (sent++ == 0) {
                    deadline = Math.min(deadline, System.nanoTime() + flood.toNanos());
                }
            } else {
                listener.ready.tryAcquire(50, TimeUnit.MILLISECONDS);
            }
        }
        return sent;
    }

    @Test
    void clientThatNeverReadsCannotGrowServerMemoryAndOthersAreStillServed() throws Exception {
        try (RunningServer running = RunningServer.start(Map.of())) {
            // The client's receive window stays at 64 KiB: it accepts no outcome, so it never grants more.
            ManagedChannel stalled = NettyChannelBuilder.forAddress("127.0.0.1", running.server.grpcPort())
                    .usePlaintext().flowControlWindow(65_535).build();
            try {
                ScorerGrpc.ScorerBlockingStub other = ScorerGrpc.newBlockingStub(running.channel);
                other.withDeadlineAfter(10, TimeUnit.SECONDS).score(Requests.scoreRequest("warm", "3358"));
                long heapBefore = heapUsed();
                long directBefore = directUsed();

                RawStream listener = new RawStream();
                ClientCall<ScoreRequest, ScoreOutcome> call = stalled.newCall(ScorerGrpc.getScoreStreamMethod(),
                        CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
                call.start(listener, new Metadata());
                // No call.request(): the application never reads an outcome.
                int accepted = sendWhileReady(call, listener, 0, MAX_TAKEN + 1, FLOOD);

                long heapGrowth = heapUsed() - heapBefore;
                long directGrowth = directUsed() - directBefore;
                // Another client on another connection is answered promptly meanwhile.
                long start = System.nanoTime();
                assertThat(other.withDeadlineAfter(2, TimeUnit.SECONDS).score(Requests.scoreRequest("other", "1458"))
                        .getScoresCount()).isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

                String figures = String.format("%d requests taken (flood of up to %s), heap %+d MiB, direct buffers "
                        + "%+d MiB", accepted, FLOOD, heapGrowth / MIB, directGrowth / MIB);
                assertThat(accepted).as(figures).isLessThanOrEqualTo(MAX_TAKEN);
                assertThat(heapGrowth).as(figures).isLessThan(64 * MIB);
                assertThat(directGrowth).as(figures).isLessThan(32 * MIB);

                // Once the client reads, the stream resumes: every request is answered, in order.
                call.request(Integer.MAX_VALUE);
                int total = accepted + sendWhileReady(call, listener, accepted, 300, Duration.ofSeconds(10));
                call.halfClose();
                assertThat(listener.closed.await(15, TimeUnit.SECONDS)).isTrue();
                assertThat(listener.status.get().isOk()).as("%s", listener.status.get()).isTrue();
                assertThat(listener.outcomes).hasSize(total);
                for (int i = 0; i < total; i++) {
                    assertThat(listener.outcomes.get(i).getRequestId()).isEqualTo(requestId(i));
                }
            } finally {
                stalled.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
