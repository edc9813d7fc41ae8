package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After {@code package}: the file the image copies from its build stage exists, and the image's own command lines
 * run against it with the image's environment, so a bad JVM flag or a missing subcommand breaks the build.
 */
class DockerImageIT {

    /** Where the build stage's Maven run leaves the fat jar, relative to its WORKDIR (the repository root). */
    static final String FAT_JAR = "service/server/target/sluice-server.jar";

    private static final Dockerfile IMAGE = Dockerfile.read(DeploymentFiles.ROOT.resolve("Dockerfile"));
    private static final Path JAR = DeploymentFiles.REPOSITORY.resolve(FAT_JAR);

    @Test
    void theJarTheImageCopiesIsBuilt() {
        assertThat(JAR).isRegularFile();
    }

    @Test
    void theImagesDefaultCommandStartsWithTheImagesEnvironment() throws Exception {
        List<String> command = new ArrayList<>(IMAGE.command());
        command.add("--print-config");

        Result result = runInImageLayout(command);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("grpc.port=50051  (default)");
    }

    @Test
    void theHealthCheckCommandRunsAndReportsAnUnreachableServerAsUnhealthy() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Result result = runInImageLayout(ServiceContract.aimedAt(IMAGE.healthcheckCommand(), closedPort));

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("sluice health: nothing is listening on 127.0.0.1:" + closedPort);
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs an image command line here: this JVM's java for "java", the built jar for the image's jar path. */
    private static Result runInImageLayout(List<String> command) throws IOException, InterruptedException {
        String imageJar = ServiceContract.jar(command);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> local = command.stream()
                .map(word -> word.equals("java") ? java : word.equals(imageJar) ? JAR.toString() : word)
                .toList();
        ProcessBuilder builder = new ProcessBuilder(local).redirectErrorStream(true);
        builder.environment().putAll(IMAGE.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited: %s", local).isTrue();
        return new Result(process.exitValue(), output);
    }
}
