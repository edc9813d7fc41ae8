package io.sluice.service.cli;

import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice score}: a minimal gRPC client that sends one ScoreRequest (protobuf JSON) and prints the reply. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Send one ScoreRequest (protobuf JSON file, or - for stdin) to a Sluice gRPC endpoint "
                + "and print the ScoreResponse as JSON. Exits 1 with the gRPC status on error.")
public final class ScoreCommand implements Callable<Integer>, ServerClient {

    @Parameters(index = "0", paramLabel = "REQUEST_JSON", description = "ScoreRequest as protobuf JSON, or -.")
    String request;

    @Option(names = "--target", defaultValue = "127.0.0.1:50051", description = "host:port (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--deadline-ms", defaultValue = "10000", description = "Call deadline (default: ${DEFAULT-VALUE}).")
    long deadlineMillis;

    @Override
    public Integer call() throws Exception {
        String json = "-".equals(request) ? new String(System.in.readAllBytes()) : Files.readString(Path.of(request));
        ScoreRequest.Builder message = ScoreRequest.newBuilder();
        try {
            JsonFormat.parser().merge(json, message);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a ScoreRequest: " + e.getMessage(), e);
        }
        ClientLogging.quiet();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            // A StatusRuntimeException (server unreachable, or an error status) becomes one line and exit 1 in
            // SluiceCommandLine's handler.
            System.out.println(JsonFormat.printer().print(ScorerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).score(message.build())));
            return 0;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String serverAddress() {
        return target;
    }

    @Override
    public String addressOptions() {
        return "--target sets the address";
    }
}
