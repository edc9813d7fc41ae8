package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.service.grpc.ByteArrayMarshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds the committed seed corpus (src/test/resources/fuzz-corpus) and seeded random mutations of it to the gRPC
 * and Thrift endpoints. The server must answer every gRPC input with OK or a client-error status, close or
 * answer every Thrift input, never throw an Error, keep serving, and keep its heap bounded. The gRPC inputs are
 * message bodies (the client frames them either way), so they go over the in-process transport; the Thrift
 * inputs are raw bytes on the real socket.
 */
class FuzzTest {

    private static final long SEED = 20261123L;
    private static final int MUTATIONS_PER_SEED = 300;
    private static final Set<Status.Code> CLIENT_ERRORS =
            Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.DEADLINE_EXCEEDED);
    private static final MethodDescriptor<byte[], byte[]> RAW_SCORE = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(ScorerGrpc.getScoreMethod().getFullMethodName())
            .setRequestMarshaller(ByteArrayMarshaller.INSTANCE)
            .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
            .build();

    private static RunningServer running;
    private static final List<Throwable> uncaught = new ArrayList<>();
    private static Thread.UncaughtExceptionHandler previousHandler;

    @BeforeAll
    static void start() throws Exception {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            synchronized (uncaught) {
                uncaught.add(error);
            }
        });
        running = RunningServer.inProcess(Map.of("thrift.idle-timeout", "5s"));
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    @Test
    void grpcAnswersEveryMutatedInputWithAClientStatusAndKeepsServing() throws Exception {
        long heapBefore = usedHeapAfterGc();
        Map<Status.Code, String> seen = new ConcurrentHashMap<>();
        for (byte[] input : inputs("grpc")) {
            try {
                ClientCalls.blockingUnaryCall(running.channel, RAW_SCORE,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), input);
                seen.putIfAbsent(Status.Code.OK, "");
            } catch (StatusRuntimeException e) {
                seen.putIfAbsent(e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
            }
        }

        assertThat(seen.keySet()).as("statuses seen, with an example description: %s", seen)
                .isSubsetOf(CLIENT_ERRORS).contains(Status.Code.INVALID_ARGUMENT);
        assertThat(ScorerGrpc.newBlockingStub(running.channel).score(Requests.scoreRequest("after-fuzz", "3358"))
                .getScoresCount()).isEqualTo(1);
        assertNoErrorsAndBoundedHeap(heapBefore);
    }

    @Test
    void thriftClosesOrAnswersEveryMutatedInputAndKeepsServing() throws Exception {
        long heapBefore = usedHeapAfterGc();
        for (byte[] input : inputs("thrift")) {
            try (Socket socket = new Socket("127.0.0.1", running.server.thriftPort())) {
                socket.setSoTimeout(10_000);
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(input);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException closedEarly) {
                    continue;
                }
                assertThat(readUntilClosed(socket.getInputStream())).as("server ended the connection").isTrue();
            }
        }

        try (Socket socket = new Socket("127.0.0.1", running.server.thriftPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(seed("thrift", "filter-call.bin"));
            assertThat(socket.getInputStream().read()).as("a valid call is still answered").isNotNegative();
        }
        assertNoErrorsAndBoundedHeap(heapBefore);
    }

    private static void assertNoErrorsAndBoundedHeap(long heapBefore) {
        synchronized (uncaught) {
            assertThat(uncaught).isEmpty();
        }
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth in bytes").isLessThan(128L << 20);
    }

    /** Every corpus file, then seeded mutations of each: bit flips, truncation, splices, forged lengths. */
    private static List<byte[]> inputs(String protocol) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus(protocol))) {
            for (Path file : files.sorted().toList()) {
                seeds.add(Files.readAllBytes(file));
            }
        }
        Random random = new Random(SEED);
        List<byte[]> inputs = new ArrayList<>(seeds);
        for (byte[] seed : seeds) {
            for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
                inputs.add(mutate(seed, seeds.get(random.nextInt(seeds.size())), random));
            }
        }
        return inputs;
    }

    private static byte[] mutate(byte[] seed, byte[] other, Random random) {
        byte[] bytes = seed.clone();
        if (bytes.length == 0) {
            bytes = new byte[1 + random.nextInt(16)];
            random.nextBytes(bytes);
            return bytes;
        }
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> {
                int at = random.nextInt(bytes.length);
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                byte[] spliced = java.util.Arrays.copyOf(bytes, at + other.length - from);
                System.arraycopy(other, from, spliced, at, other.length - from);
                bytes = spliced;
            }
            case 3 -> {
                int at = random.nextInt(Math.max(1, bytes.length - 4));
                for (int k = 0; k < 4 && at + k < bytes.length; k++) {
                    bytes[at + k] = k == 0 ? 0x7f : (byte) 0xff;
                }
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                int at = random.nextInt(bytes.length);
                System.arraycopy(noise, 0, bytes, at, Math.min(noise.length, bytes.length - at));
            }
        }
        return bytes;
    }

    private static boolean readUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // Replies (results or exceptions) are fine; the point is that the server ends the exchange.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static Path corpus(String protocol) {
        return Path.of("src/test/resources/fuzz-corpus", protocol);
    }

    private static byte[] seed(String protocol, String name) throws IOException {
        return Files.readAllBytes(corpus(protocol).resolve(name));
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
