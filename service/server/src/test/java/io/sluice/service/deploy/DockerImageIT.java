package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code package}: the file the image copies from its build stage exists, and the image's own command lines
 * run against it with the image's environment, so a bad JVM flag or a missing subcommand breaks the build.
 */
class DockerImageIT {

    /** Where the build stage's Maven run leaves the fat jar, relative to its WORKDIR (the repository root). */
    static final String FAT_JAR = "service/server/target/sluice-server.jar";

    private static final Dockerfile IMAGE = Dockerfile.read(DeploymentFiles.ROOT.resolve("Dockerfile"));
    private static final Path JAR = DeploymentFiles.REPOSITORY.resolve(FAT_JAR);
    private static final String SHARED_ARCHIVE_FILE = "-XX:SharedArchiveFile=";
    /** What -Xlog:class+load says of a class taken from the dynamic (AppCDS) archive. */
    private static final String FROM_DYNAMIC_ARCHIVE = "source: shared objects file (top)";
    private static final List<String> LOOPBACK_EPHEMERAL_PORTS = List.of(
            "--set", "grpc.bind-address=127.0.0.1", "--set", "grpc.port=0",
            "--set", "thrift.bind-address=127.0.0.1", "--set", "thrift.port=0",
            "--set", "admin.bind-address=127.0.0.1", "--set", "admin.port=0");

    @TempDir
    Path scratch;

    /** The class-data archive an entrypoint starts from (its -XX:SharedArchiveFile). */
    static String classArchive(List<String> entrypoint) {
        return entrypoint.stream().filter(word -> word.startsWith(SHARED_ARCHIVE_FILE))
                .map(word -> word.substring(SHARED_ARCHIVE_FILE.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + SHARED_ARCHIVE_FILE + " in " + entrypoint));
    }

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

    @Test
    void theImageBuildRecordsAClassArchiveThatTheServerStartsFrom() throws Exception {
        Path archive = scratch.resolve("sluice.jsa");

        Result recorded = recordArchiveAsTheImageBuildDoes(archive);
        List<String> serve = new ArrayList<>(IMAGE.command());
        serve.add(serve.indexOf("-jar"), "-Xlog:class+load=info");
        serve.add("--exit-when-serving");
        serve.addAll(LOOPBACK_EPHEMERAL_PORTS);
        Result served = runInImageLayout(serve, archive);

        assertThat(recorded.exitCode()).as(recorded.output()).isZero();
        assertThat(archive).isNotEmptyFile();
        assertThat(served.exitCode()).as(served.output()).isZero();
        assertThat(served.output()).contains("serving model");
        // Thousands of the jar's classes (gRPC, Netty, protobuf, logback...) come from the archive, not the jar.
        assertThat(served.output().lines().filter(line -> line.contains(FROM_DYNAMIC_ARCHIVE)).count())
                .isGreaterThan(1_000);
    }

    @Test
    void theServerStartsWithoutAClassArchiveItCannotUse() throws Exception {
        Path archive = Files.writeString(scratch.resolve("sluice.jsa"), "not a class-data archive");
        List<String> serve = new ArrayList<>(IMAGE.command());
        serve.add("--exit-when-serving");
        serve.addAll(LOOPBACK_EPHEMERAL_PORTS);

        Result served = runInImageLayout(serve, archive);

        assertThat(served.exitCode()).as(served.output()).isZero();
        assertThat(served.output()).contains("serving model");
    }

    private record Result(int exitCode, String output) {
    }

    /** The final stage's RUN that records the archive, run by sh with this JVM, the built jar and {@code archive}. */
    private static Result recordArchiveAsTheImageBuildDoes(Path archive) throws IOException, InterruptedException {
        String imageArchive = classArchive(IMAGE.execForm("ENTRYPOINT"));
        String run = IMAGE.all(IMAGE.finalStage(), "RUN").stream()
                .filter(command -> command.contains("-XX:ArchiveClassesAtExit=" + imageArchive))
                .findFirst().orElseThrow(() -> new AssertionError("no RUN records " + imageArchive));
        String imageJar = ServiceContract.jar(IMAGE.command());
        assertThat(run).startsWith("java ");
        String local = javaHere() + run.substring("java".length())
                .replace(imageJar, JAR.toString()).replace(imageArchive, archive.toString());
        return run(List.of("sh", "-c", local));
    }

    private static String javaHere() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Result runInImageLayout(List<String> command) throws IOException, InterruptedException {
        return runInImageLayout(command, null);
    }

    /**
     * Runs an image command line here: this JVM's java for "java", the built jar for the image's jar path, and
     * {@code archive} (when given) for the image's class-data archive.
     */
    private static Result runInImageLayout(List<String> command, Path archive)
            throws IOException, InterruptedException {
        String imageJar = ServiceContract.jar(command);
        String imageArchive = archive == null ? null : classArchive(command);
        String java = javaHere();
        return run(command.stream()
                .map(word -> word.equals("java") ? java : word.equals(imageJar) ? JAR.toString()
                        : imageArchive != null && word.equals(SHARED_ARCHIVE_FILE + imageArchive)
                                ? SHARED_ARCHIVE_FILE + archive : word)
                .toList());
    }

    private static Result run(List<String> local) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(local).redirectErrorStream(true);
        builder.environment().putAll(IMAGE.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited: %s", local).isTrue();
        return new Result(process.exitValue(), output);
    }
}
