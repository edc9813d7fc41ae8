package io.sluice.service.cli;

import static io.sluice.service.cli.SluiceCommandLine.EXIT_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.openrtb.OpenRtbExamples;
import io.sluice.service.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice score} against a running server: the exchange's JSON in, and the fail-open advice where it applies. */
class ScoreCommandTest {

    private static final String FAIL_OPEN = "; fail open: send this request to every partner";
    /** The README's example, from the module's folder (the tests' working directory). */
    private static final Path README_EXAMPLE = Path.of("../../proto/examples/openrtb-bid-request.json");

    private static RunningServer serving;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        serving = RunningServer.start(Map.of("thrift.enabled", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        serving.close();
    }

    private static String target(RunningServer running) {
        return "127.0.0.1:" + running.server.grpcPort();
    }

    @Test
    void theReadmesOpenRtbExampleIsScoredForThePartnersNamed() {
        CliRun run = CliRun.server("score", "--openrtb", README_EXAMPLE.toString(), "--partner", "3358",
                "--partner", "2997", "--target", target(serving));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"requestId\": \"example-openrtb-1\"")
                .contains("\"partnerId\": \"3358\"").contains("\"partnerId\": \"2997\"");
    }

    @Test
    void anOpenRtbFileTheServerRefusesIsOneLineNamingTheJsonPathWithoutFailOpenAdvice() throws Exception {
        Path video = Files.write(dir.resolve("video.json"), OpenRtbExamples.VIDEO.json());

        CliRun.server("score", "--openrtb", video.toString(), "--target", target(serving)).failsWith(EXIT_FAILURE,
                "sluice score: " + target(serving) + " answered INVALID_ARGUMENT: openrtb_json: $.imp[0]: has no "
                        + "banner; Sluice scores banner impressions only (its model knows no video, audio or native "
                        + "traffic)");
    }

    @Test
    void aRequestPastItsTmaxIsDeadlineExceededAndTheLineSaysToFailOpen() throws Exception {
        Path request = Files.writeString(dir.resolve("request.json"), """
                {"bidRequest": {"id": "late", "imp": [{"banner": {"w": 300, "h": 250}}], "tmax": 100},
                 "arrivalTime": "2026-06-02T06:00:00Z"}
                """);

        CliRun.server("score", request.toString(), "--target", target(serving)).failsWith(EXIT_FAILURE,
                "sluice score: " + target(serving) + " answered DEADLINE_EXCEEDED: bid_request.tmax of 100 ms after "
                        + "arrival_time has passed" + FAIL_OPEN);
    }

    @Test
    void aServerWithoutAModelIsUnavailableAndTheLineSaysToFailOpen() throws Exception {
        try (RunningServer starting = RunningServer.withoutModel(Map.of("thrift.enabled", "false"))) {
            CliRun.server("score", "--openrtb", README_EXAMPLE.toString(), "--target", target(starting))
                    .failsWith(EXIT_FAILURE, "sluice score: " + target(starting) + " is unavailable: no model is "
                            + "loaded yet; retry when health is SERVING (--target sets the address)" + FAIL_OPEN);
        }
    }
}
