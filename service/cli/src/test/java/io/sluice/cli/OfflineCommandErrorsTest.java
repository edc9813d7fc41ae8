package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.BuildInfo;
import io.sluice.service.cli.SluiceCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ordinary mistakes with the workstation's offline commands: one line on stderr, exit 2, never a stack trace. */
class OfflineCommandErrorsTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private void assertFails(int exitCode, String line, String... args) {
        int exit = cli.run(args);
        assertThat(cli.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(cli.err().lines()).as("stderr").containsExactly(line);
        assertThat(exit).isEqualTo(exitCode);
    }

    @Test
    void trainingOnAMissingFileNamesIt() {
        Path data = dir.resolve("data.jsonl");

        assertFails(SluiceCommandLine.EXIT_BAD_INPUT, "sluice train: " + data + ": no such file or folder",
                "train", "--data", data.toString(), "--out", dir.resolve("m").toString(), "--model-version", "x");
    }

    @Test
    void dataWithAnUnknownSuffixNamesTheFormatsAccepted() throws IOException {
        Path data = Files.writeString(dir.resolve("data.csv"), "id,bid\n");

        assertFails(SluiceCommandLine.EXIT_BAD_INPUT, "sluice export-features: " + data + ": unknown data format; "
                + "the name must end in one of .jsonl (JSON Lines), .binpb (length-delimited protobuf)",
                "export-features", "--data", data.toString(), "--out", dir.resolve("f").toString());
    }

    @Test
    void evaluatingAMissingModelFolderNamesIt() {
        Path model = dir.resolve("model");

        assertFails(SluiceCommandLine.EXIT_BAD_INPUT, "sluice evaluate: --model " + model + ": no such folder",
                "evaluate", "--model", model.toString(), "--data", dir.resolve("d.jsonl").toString(), "--out",
                dir.resolve("r").toString());
    }

    @Test
    void evaluatingAFolderThatIsNotAModelNamesIt() throws IOException {
        Path model = Files.createDirectories(dir.resolve("photos"));

        assertFails(SluiceCommandLine.EXIT_BAD_INPUT,
                "sluice evaluate: --model " + model + " is not a model artifact (no manifest.json)",
                "evaluate", "--model", model.toString(), "--data", dir.resolve("d.jsonl").toString(), "--out",
                dir.resolve("r").toString());
    }

    @Test
    void simulatingAnExplorationRateAboveOneNamesTheOption() {
        assertFails(SluiceCommandLine.EXIT_BAD_INPUT, "sluice simulate: --exploration rates must be in [0, 1], got "
                + "[0.0, 1.5]", "simulate", "--exploration", "0,1.5", "--out", dir.resolve("s").toString());
    }

    @Test
    void simulatingIntoAFolderThatHoldsAnEarlierRunIsRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("earlier"));
        Files.writeString(out.resolve("rounds.csv"), "configuration\n");

        assertFails(SluiceCommandLine.EXIT_BAD_INPUT, "sluice simulate: --out " + out + " is not empty; give a new "
                + "folder", "simulate", "--out", out.toString());
    }

    @Test
    void aValueOfTheWrongTypeIsOneLine() {
        assertFails(SluiceCommandLine.EXIT_BAD_INPUT, "sluice generate: Invalid value for option '--rows': 'many' "
                + "is not a long (see 'sluice generate --help')", "generate", "--rows", "many", "--out",
                dir.resolve("d.jsonl").toString());
    }

    @Test
    void anUnknownCommandListsEveryCommand() {
        assertFails(SluiceCommandLine.EXIT_BAD_INPUT, "sluice: unknown command 'trian'; the commands are serve, score, "
                + "legacy-filter, health, generate, import, train, evaluate, export-features, simulate, help "
                + "(see 'sluice --help')",
                "trian");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "score", "legacy-filter", "health", "generate", "import", "train",
        "evaluate", "export-features"})
    void everyCommandPrintsTheVersion(String command) {
        int exit = command.isEmpty() ? cli.run("--version") : cli.run(command, "--version");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("sluice " + BuildInfo.current().version() + " (git commit ")
                .contains("bundled model: bid-likelihood ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "train", "evaluate", "export-features"})
    void everyCommandAcceptsVerbose(String command) {
        assertThat(cli.run(command, "--help")).isZero();
        assertThat(cli.out()).contains("--verbose");
    }
}
