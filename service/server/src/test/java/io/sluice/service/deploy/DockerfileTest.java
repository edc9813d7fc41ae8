package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.cli.ServerCli;
import io.sluice.service.cli.SluiceCommandLine;
import io.sluice.service.config.SluiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/** k8s-or-ecs/Dockerfile against the repository and the service (no Docker engine is available here). */
class DockerfileTest {

    private static final Dockerfile IMAGE = Dockerfile.read(DeploymentFiles.ROOT.resolve("Dockerfile"));

    @Test
    void everyFileCopiedFromTheBuildContextExistsAndIsNotDockerIgnored() throws IOException {
        List<PathMatcher> ignored = new ArrayList<>();
        for (String line : Files.readAllLines(DeploymentFiles.ROOT.resolve("Dockerfile.dockerignore"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + line.strip()));
            }
        }
        List<String> sources = IMAGE.copies().stream()
                .filter(copy -> copy.fromStage() == null)
                .flatMap(copy -> copy.sources().stream())
                .toList();

        assertThat(sources).isNotEmpty().allSatisfy(source -> {
            assertThat(DeploymentFiles.REPOSITORY.resolve(source)).exists();
            assertThat(ignored).noneMatch(pattern -> pattern.matches(Path.of(source)));
        });
    }

    @Test
    void theBuildStageRunsNativelyAndBundlesTheTargetArchitecturesNd4jLibraries() throws Exception {
        assertThat(IMAGE.all("build", "FROM").get(0)).startsWith("--platform=$BUILDPLATFORM ");
        String run = IMAGE.last("build", "RUN");
        String maven = run.substring(run.indexOf("mvn "));
        for (Map.Entry<String, String> target : Map.of("amd64", "linux-x86_64", "arm64", "linux-arm64").entrySet()) {
            ProcessBuilder shell = new ProcessBuilder("sh", "-c", "echo " + maven);
            shell.environment().put("TARGETARCH", target.getKey());
            Process process = shell.start();
            String expanded = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).isZero();
            assertThat(expanded).as("the build for %s", target.getKey())
                    .contains("-Djavacpp.platform=" + target.getValue() + "\n");
        }
        assertThat(Files.readString(DeploymentFiles.REPOSITORY.resolve("models/core/pom.xml")))
                .as("the core's ND4J natives follow javacpp.platform")
                .contains("<classifier>${javacpp.platform}</classifier>");
    }

    @Test
    void everyModuleTheRootPomListsIsCopiedBecauseMavenReadsThemAllEvenForOneModule() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(DeploymentFiles.REPOSITORY.resolve("pom.xml")));
        List<String> copied = IMAGE.copies().stream()
                .filter(copy -> copy.fromStage() == null)
                .flatMap(copy -> copy.sources().stream())
                .toList();

        while (module.find()) {
            String path = module.group(1);
            assertThat(copied).as("COPY sources holding module %s", path)
                    .anyMatch(source -> path.equals(source) || path.startsWith(source + "/"));
        }
    }

    @Test
    void theImageGetsTheFatJarFromTheBuildStageAndRunsIt() {
        List<Dockerfile.Copy> fromStages = IMAGE.copies().stream().filter(copy -> copy.fromStage() != null).toList();
        assertThat(fromStages).hasSize(1);
        Dockerfile.Copy jar = fromStages.get(0);
        String buildOutput = Path.of(IMAGE.workdir(jar.fromStage())).relativize(Path.of(jar.sources().get(0)))
                .toString().replace('\\', '/');

        // What the build stage runs Maven on is copied from the context; the IT checks the jar after `package`.
        assertThat(buildOutput).isEqualTo(DockerImageIT.FAT_JAR);
        assertThat(IMAGE.copies()).anyMatch(copy -> copy.fromStage() == null && copy.sources().contains("service"));
        assertThat(IMAGE.execForm("ENTRYPOINT")).startsWith("java").endsWith("-jar", jar.destination());
        assertThat(ServiceContract.jar(IMAGE.healthcheckCommand())).isEqualTo(jar.destination());
    }

    @Test
    void theServerStartsFromTheClassArchiveTheImageBuildRecordsAndIgnoresOneItCannotUse() {
        List<String> entrypoint = IMAGE.execForm("ENTRYPOINT");
        String archive = DockerImageIT.classArchive(entrypoint);

        assertThat(entrypoint).contains("-Xshare:auto");
        assertThat(IMAGE.all(IMAGE.finalStage(), "RUN"))
                .anyMatch(run -> run.contains("-XX:ArchiveClassesAtExit=" + archive + " ")
                        && run.contains(" serve --exit-when-serving "));
    }

    @Test
    void theDefaultCommandIsServe() {
        List<String> arguments = ServiceContract.jarArguments(IMAGE.command());

        ParseResult parsed = SluiceCommandLine.of(new ServerCli()).parseArgs(arguments.toArray(String[]::new));

        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("serve");
    }

    @Test
    void exposedPortsAreTheOnesTheServiceListensOn() {
        SluiceConfig config = ServiceContract.configFor(IMAGE.environment());

        assertThat(IMAGE.exposedPorts())
                .containsExactlyInAnyOrder(config.grpc().port(), config.thrift().port(), config.admin().port());
    }

    @Test
    void environmentHoldsOnlyVariablesTheContainerReadsWithValuesTheServiceAccepts() {
        ServiceContract.assertReadsEvery(IMAGE.environment(), "the Dockerfile");
        ServiceContract.configFor(IMAGE.environment());

        assertThat(IMAGE.environment()).containsEntry("OMP_NUM_THREADS", "1")
                .hasEntrySatisfying("JAVA_TOOL_OPTIONS", flags -> assertThat(flags).contains("-XX:MaxRAMPercentage="));
    }

    @Test
    void imageRunsAsANumericNonRootUser() {
        String user = IMAGE.last(IMAGE.finalStage(), "USER").split(":")[0];

        // Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
        assertThat(user).matches("[0-9]+").isNotEqualTo("0");
    }
}
