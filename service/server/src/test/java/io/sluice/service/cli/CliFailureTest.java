package io.sluice.service.cli;

import static io.sluice.service.cli.SluiceCommandLine.EXIT_BAD_INPUT;
import static io.sluice.service.cli.SluiceCommandLine.EXIT_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.sluice.BadInputException;
import io.sluice.model.ArtifactException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The one place exceptions become a line and an exit code. */
class CliFailureTest {

    /** A client command aimed at a fixed address. */
    private static final ServerClient CLIENT = new ServerClient() {
        @Override
        public String serverAddress() {
            return "10.0.0.7:50051";
        }

        @Override
        public String addressOptions() {
            return "--target sets the address";
        }
    };

    private static void assertFailure(Throwable thrown, Object command, int exitCode, String message) {
        CliFailure failure = CliFailure.of(thrown, command);
        assertThat(failure.message(false)).isEqualTo(message);
        assertThat(failure.exitCode()).isEqualTo(exitCode);
    }

    @Test
    void inputProblemsExitTwoWithTheirMessage() {
        assertFailure(new BadInputException("data.jsonl line 7: not a LabeledBidRequest"), null, EXIT_BAD_INPUT,
                "data.jsonl line 7: not a LabeledBidRequest");
        assertFailure(new ArtifactException("/m: manifest.json has no version"), null, EXIT_BAD_INPUT,
                "/m: manifest.json has no version");
        assertFailure(new IllegalArgumentException("--rows must be at least 1, got 0"), null, EXIT_BAD_INPUT,
                "--rows must be at least 1, got 0");
        assertFailure(new NoSuchFileException("/x/request.json"), null, EXIT_BAD_INPUT,
                "/x/request.json: no such file");
        assertFailure(new AccessDeniedException("/x/model"), null, EXIT_BAD_INPUT, "/x/model: permission denied");
        assertFailure(new FileNotFoundException("/x/y (No such file or directory)"), null, EXIT_BAD_INPUT,
                "/x/y (No such file or directory)");
    }

    @Test
    void wrappersAreLookedThroughAndTheirContextKept() {
        assertFailure(new UncheckedIOException(new NoSuchFileException("/x/data.jsonl")), null, EXIT_BAD_INPUT,
                "/x/data.jsonl: no such file");
        assertFailure(new UncheckedIOException("data.jsonl: read failed after line 3",
                new AccessDeniedException("data.jsonl")), null, EXIT_BAD_INPUT,
                "data.jsonl: read failed after line 3: data.jsonl: permission denied");
    }

    @Test
    void unreachableServersNameTheAddress() {
        String nothingListening =
                "nothing is listening on 10.0.0.7:50051 (is the server running? --target sets the address)";
        assertFailure(Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused: /10.0.0.7:50051")).asRuntimeException(), CLIENT,
                EXIT_FAILURE, nothingListening);
        assertFailure(new TTransportException(TTransportException.NOT_OPEN,
                new ConnectException("Connection refused")), CLIENT, EXIT_FAILURE, nothingListening);
        assertFailure(Status.UNAVAILABLE.withDescription("server is draining").asRuntimeException(), CLIENT,
                EXIT_FAILURE, "10.0.0.7:50051 is unavailable: server is draining (--target sets the address)");
        assertFailure(Status.INVALID_ARGUMENT.withDescription("bid_request.id: required").asRuntimeException(),
                CLIENT, EXIT_FAILURE, "10.0.0.7:50051 answered INVALID_ARGUMENT: bid_request.id: required");
    }

    @Test
    void scoreSaysToFailOpenOnExactlyTheStatusesWhereACallerSendsToEveryPartner() {
        ScoreCommand score = new ScoreCommand();
        score.target = "10.0.0.7:50051";
        String failOpen = "; fail open: send this request to every partner";

        assertFailure(Status.RESOURCE_EXHAUSTED.withDescription("server overloaded").asRuntimeException(), score,
                EXIT_FAILURE, "10.0.0.7:50051 answered RESOURCE_EXHAUSTED: server overloaded" + failOpen);
        assertFailure(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 0.01s").asRuntimeException(),
                score, EXIT_FAILURE, "10.0.0.7:50051 answered DEADLINE_EXCEEDED: deadline exceeded after 0.01s"
                        + failOpen);
        assertFailure(Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused: /10.0.0.7:50051")).asRuntimeException(), score,
                EXIT_FAILURE, "nothing is listening on 10.0.0.7:50051 (is the server running? --target sets the "
                        + "address)" + failOpen);
        assertFailure(Status.INVALID_ARGUMENT.withDescription("bid_request.id: required").asRuntimeException(),
                score, EXIT_FAILURE, "10.0.0.7:50051 answered INVALID_ARGUMENT: bid_request.id: required");
    }

    @Test
    void aPortThatCannotBeOpenedExitsOneWithTheBindersContext() {
        assertFailure(new IOException("Failed to bind to address 0.0.0.0/0.0.0.0:50051",
                new BindException("Address already in use")), null, EXIT_FAILURE,
                "Failed to bind to address 0.0.0.0/0.0.0.0:50051: Address already in use");
    }

    @Test
    void anythingElseIsAnUnexpectedErrorPointingToVerbose() {
        CliFailure failure = CliFailure.of(new IllegalStateException("no row has been read yet"), null);

        assertThat(failure.exitCode()).isEqualTo(EXIT_FAILURE);
        assertThat(failure.message(false))
                .isEqualTo("unexpected error: no row has been read yet (run with --verbose for details)");
        assertThat(failure.message(true)).isEqualTo("unexpected error: no row has been read yet");
    }

    @Test
    void anIllegalArgumentInsideAnotherErrorIsNotTakenForBadInput() {
        CliFailure failure = CliFailure.of(new IllegalStateException("pool broken",
                new IllegalArgumentException("capacity < 0")), null);

        assertThat(failure.exitCode()).isEqualTo(EXIT_FAILURE);
        assertThat(failure.message(false)).startsWith("unexpected error: pool broken: capacity < 0");
    }

    @Command(name = "sluice", subcommands = Fails.class)
    static final class Root {
    }

    @Command(name = "fails", mixinStandardHelpOptions = true)
    static final class Fails implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("line one\nline two");
        }
    }

    @Test
    void theHandlerPrintsOneLineWithTheQualifiedCommandName() {
        CliRun.of(new Root(), "fails").failsWith(EXIT_FAILURE,
                "sluice fails: unexpected error: line one line two (run with --verbose for details)");

        CliRun verbose = CliRun.of(new Root(), "fails", "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(EXIT_FAILURE);
        assertThat(verbose.err()).contains("java.lang.IllegalStateException", "\tat ")
                .endsWith("sluice fails: unexpected error: line one line two" + System.lineSeparator());
    }
}
