package io.sluice.service.cli;

import static io.sluice.service.cli.SluiceCommandLine.EXIT_BAD_INPUT;
import static io.sluice.service.cli.SluiceCommandLine.EXIT_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each ordinary mistake a new user makes with the server's commands is one line on stderr and exit 2 (input) or
 * 1 (runtime), never a stack trace. None of these starts a server: serve must refuse before it opens anything.
 */
class CliErrorsTest {

    /** Settings that keep a serve run local and on free ports, so only the setting under test can fail. */
    private static final String[] LOCAL = {"--set", "grpc.bind-address=127.0.0.1", "--set", "grpc.port=0",
        "--set", "admin.bind-address=127.0.0.1", "--set", "admin.port=0", "--set", "thrift.bind-address=127.0.0.1",
        "--set", "thrift.port=0"};

    @TempDir
    Path dir;

    private static String[] serve(String... args) {
        String[] all = new String[1 + LOCAL.length + args.length];
        all[0] = "serve";
        System.arraycopy(LOCAL, 0, all, 1, LOCAL.length);
        System.arraycopy(args, 0, all, 1 + LOCAL.length, args.length);
        return all; // later --set options win
    }

    private static ServerSocket listening() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    /** A port nothing listens on (bound, then closed). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = listening()) {
            return socket.getLocalPort();
        }
    }

    @Test
    void portInUseNamesThePortItsAddressAndTheSettingThatChangesIt() throws Exception {
        try (ServerSocket taken = listening()) {
            int port = taken.getLocalPort();

            CliRun.server(serve("--set", "grpc.port=" + port)).failsWith(EXIT_FAILURE, "sluice serve: grpc.port "
                    + port + " on 127.0.0.1 is already in use (set grpc.port or SLUICE_GRPC_PORT to another port)");
        }
    }

    @Test
    void everyTakenPortIsReportedAtOnce() throws Exception {
        try (ServerSocket grpc = listening(); ServerSocket thrift = listening()) {
            CliRun.server(serve("--set", "grpc.port=" + grpc.getLocalPort(), "--set",
                    "thrift.port=" + thrift.getLocalPort())).failsWith(EXIT_FAILURE, "sluice serve: grpc.port "
                    + grpc.getLocalPort() + " on 127.0.0.1 is already in use (set grpc.port or SLUICE_GRPC_PORT to "
                    + "another port); thrift.port " + thrift.getLocalPort() + " on 127.0.0.1 is already in use (set "
                    + "thrift.port or SLUICE_THRIFT_PORT to another port)");
        }
    }

    @Test
    void twoEndpointsOnOnePortIsASettingsError() {
        CliRun.server(serve("--set", "grpc.port=50999", "--set", "admin.port=50999")).failsWith(EXIT_BAD_INPUT,
                "sluice serve: grpc.port and admin.port are both 50999; each endpoint needs a port of its own");
    }

    @Test
    void missingConfigFileSaysSo() {
        Path missing = dir.resolve("y.properties");

        CliRun.server("serve", "--config", missing.toString())
                .failsWith(EXIT_BAD_INPUT, "sluice serve: config file " + missing + ": no such file");
    }

    @Test
    void setWithoutEqualsSignShowsTheExpectedForm() {
        CliRun.server("serve", "--set", "grpc.port").failsWith(EXIT_BAD_INPUT, "sluice serve: --set needs KEY=VALUE, "
                + "e.g. --set grpc.port=50052; got 'grpc.port' (see 'sluice serve --help')");
    }

    @Test
    void badSettingValueNamesTheKeyAndWhereTheValueCameFrom() {
        CliRun.server("serve", "--set", "grpc.port=fifty").failsWith(EXIT_BAD_INPUT,
                "sluice serve: grpc.port must be a port number from 0 to 65535, got 'fifty' (from --set)");
    }

    @Test
    void missingModelFolderIsNamed() {
        Path missing = dir.resolve("no-model");

        CliRun.server(serve("--set", "model.location=" + missing)).failsWith(EXIT_BAD_INPUT,
                "sluice serve: model.location " + missing.toAbsolutePath() + ": no such folder");
    }

    @Test
    void decisionLogFolderThatCannotBeAFolderIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");

        CliRun.server(serve("--set", "decision-log.sample-rate=0.01", "--set", "decision-log.directory=" + file))
                .failsWith(EXIT_BAD_INPUT, "sluice serve: decision-log.directory " + file.toAbsolutePath()
                        + " is a file; it must be a folder the server can write to, or create");
        CliRun.server(serve("--set", "decision-log.sample-rate=0.01", "--set",
                "decision-log.directory=" + file.resolve("logs"))).failsWith(EXIT_BAD_INPUT,
                "sluice serve: decision-log.directory " + file.resolve("logs").toAbsolutePath()
                        + " cannot be created: " + file.toAbsolutePath() + " is a file");
    }

    @Test
    void folderThatIsNeitherAnArtifactNorAStoreIsNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("photos"));

        CliRun.server(serve("--set", "model.location=" + folder)).failsWith(EXIT_BAD_INPUT,
                "sluice serve: model.location " + folder.toAbsolutePath()
                        + " is not a model artifact (no manifest.json) nor a model store (no CURRENT file)");
    }

    @Test
    void scoreAgainstAStoppedServerNamesTheAddressTried() throws IOException {
        Path request = Files.writeString(dir.resolve("request.json"), "{\"bidRequest\": {\"id\": \"r1\"}}");
        int port = closedPort();

        CliRun.server("score", request.toString(), "--target", "127.0.0.1:" + port).failsWith(EXIT_FAILURE,
                "sluice score: nothing is listening on 127.0.0.1:" + port
                        + " (is the server running? --target sets the address); fail open: send this request to "
                        + "every partner");
    }

    @Test
    void scoreWithAMissingRequestFileNamesIt() {
        Path missing = dir.resolve("request.json");

        CliRun.server("score", missing.toString()).failsWith(EXIT_BAD_INPUT, "sluice score: " + missing
                + ": no such file");
    }

    @Test
    void scoreWithARequestThatIsNotAScoreRequestSaysSo() throws IOException {
        Path request = Files.writeString(dir.resolve("request.json"), "{\"bid\": 1}");

        CliRun run = CliRun.server("score", request.toString());

        assertThat(run.exitCode()).isEqualTo(EXIT_BAD_INPUT);
        assertThat(run.err().lines()).singleElement().asString().startsWith("sluice score: not a ScoreRequest: ");
    }

    @Test
    void scoreWithBothOrNeitherRequestFormSaysToGiveOne() throws IOException {
        Path request = Files.writeString(dir.resolve("request.json"), "{}");
        String line = "sluice score: give one request: REQUEST_JSON (a ScoreRequest) or --openrtb FILE (the "
                + "exchange's bid request)";

        CliRun.server("score").failsWith(EXIT_BAD_INPUT, line);
        CliRun.server("score", request.toString(), "--openrtb", request.toString()).failsWith(EXIT_BAD_INPUT, line);
    }

    @Test
    void scoreWithAMissingOpenRtbFileNamesIt() {
        Path missing = dir.resolve("bid-request.json");

        CliRun.server("score", "--openrtb", missing.toString()).failsWith(EXIT_BAD_INPUT, "sluice score: " + missing
                + ": no such file");
    }

    @Test
    void legacyFilterAgainstAStoppedServerNamesTheAddressTried() throws IOException {
        int port = closedPort();

        CliRun.server("legacy-filter", "--advertiser", "3358", "--host", "127.0.0.1", "--port", Integer.toString(port))
                .failsWith(EXIT_FAILURE, "sluice legacy-filter: nothing is listening on 127.0.0.1:" + port
                        + " (is the server running? --host and --port set the address)");
    }

    @Test
    void healthAgainstAStoppedServerNamesTheAddressTried() throws IOException {
        int port = closedPort();

        CliRun.server("health", "--target", "127.0.0.1:" + port).failsWith(EXIT_FAILURE,
                "sluice health: nothing is listening on 127.0.0.1:" + port
                        + " (is the server running? --target sets the address)");
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path missing = dir.resolve("request.json");

        CliRun run = CliRun.server("score", "--verbose", missing.toString());

        assertThat(run.exitCode()).isEqualTo(EXIT_BAD_INPUT);
        assertThat(run.err()).contains("java.nio.file.NoSuchFileException", "\tat ");
        assertThat(run.err().lines().toList()).last().isEqualTo("sluice score: " + missing + ": no such file");
        assertThat(CliRun.server("--verbose", "score", missing.toString()).err()).contains("\tat ");
    }

    @Test
    void unknownCommandListsTheCommands() {
        CliRun.server("sevre").failsWith(EXIT_BAD_INPUT, "sluice: unknown command 'sevre'; the commands are serve, "
                + "score, legacy-filter, health, help (see 'sluice --help')");
    }

    @Test
    void noCommandListsTheCommands() {
        CliRun.server().failsWith(EXIT_BAD_INPUT,
                "sluice: missing command: one of serve, score, legacy-filter, health, help (see 'sluice --help')");
    }

    @Test
    void missingRequiredOptionIsOneLine() {
        CliRun.server("legacy-filter").failsWith(EXIT_BAD_INPUT, "sluice legacy-filter: Missing required option: "
                + "'--advertiser=<advertiser>' (see 'sluice legacy-filter --help')");
    }
}
