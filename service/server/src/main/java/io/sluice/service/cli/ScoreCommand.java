package io.sluice.service.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice score}: a minimal gRPC client that sends one request, as a ScoreRequest (protobuf JSON) or as the
 * exchange's OpenRTB JSON, and prints the reply. Where a caller would fail open, its one-line error says so.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Send one request to a Sluice gRPC endpoint and print the ScoreResponse as JSON: a ScoreRequest "
                + "(protobuf JSON file, or - for stdin), or with --openrtb the exchange's OpenRTB bid request as it is.",
                "Exits 1 with the gRPC status on error; on UNAVAILABLE, RESOURCE_EXHAUSTED or DEADLINE_EXCEEDED the "
                        + "line also says what a caller does then: fail open, sending the request to every partner."})
public final class ScoreCommand implements Callable<Integer>, ServerClient {

    /** The statuses on which a caller fails open: it sends the request to every partner, as if Sluice were absent. */
    static final Set<Status.Code> FAIL_OPEN = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.DEADLINE_EXCEEDED);

    @Parameters(index = "0", arity = "0..1", paramLabel = "REQUEST_JSON",
            description = "ScoreRequest as protobuf JSON, or -.")
    String request;

    @Option(names = "--openrtb", paramLabel = "FILE",
            description = "Instead of REQUEST_JSON: the exchange's OpenRTB 2.5/2.6 bid request JSON (or - for stdin), "
                    + "sent unchanged as openrtb_json.")
    String openRtb;

    @Option(names = "--partner", paramLabel = "ID",
            description = "A partner to score (repeat for more); added to the request's partner ids. With --openrtb "
                    + "and none, every partner the model knows is scored.")
    List<String> partners = new ArrayList<>();

    @Option(names = "--target", defaultValue = "127.0.0.1:50051", description = "host:port (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--deadline-ms", defaultValue = "10000", description = "Call deadline (default: ${DEFAULT-VALUE}).")
    long deadlineMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ScoreRequest message = scoreRequest();
        ClientLogging.quiet();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            // A StatusRuntimeException (server unreachable, or an error status) becomes one line and exit 1 in
            // SluiceCommandLine's handler.
            spec.commandLine().getOut().println(JsonFormat.printer().print(ScorerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).score(message)));
            return 0;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private ScoreRequest scoreRequest() throws IOException {
        if ((request == null) == (openRtb == null)) {
            throw new IllegalArgumentException("give one request: REQUEST_JSON (a ScoreRequest) or --openrtb FILE (the "
                    + "exchange's bid request)");
        }
        ScoreRequest.Builder message = ScoreRequest.newBuilder();
        if (openRtb != null) {
            message.setOpenrtbJson(ByteString.copyFrom(read(openRtb)));
        } else {
            try {
                JsonFormat.parser().merge(new String(read(request), StandardCharsets.UTF_8), message);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("not a ScoreRequest: " + e.getMessage(), e);
            }
        }
        return message.addAllPartnerIds(partners).build();
    }

    private static byte[] read(String file) throws IOException {
        return "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    }

    @Override
    public String serverAddress() {
        return target;
    }

    @Override
    public String addressOptions() {
        return "--target sets the address";
    }

    @Override
    public String adviceOn(Status.Code code) {
        return FAIL_OPEN.contains(code) ? "fail open: send this request to every partner" : "";
    }
}
