package io.sluice.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local store folder may hold: regular files, and symbolic links that stay inside the version folder. */
class LocalFolderSourceTest {

    @TempDir
    Path dir;

    private static void mkfifo(Path path) throws Exception {
        assumeTrue(new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0, "mkfifo is available");
    }

    private Path version(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("store").resolve(name));
        Files.writeString(folder.resolve("manifest.json"), "{}");
        return folder;
    }

    @Test
    void symlinkLeavingTheVersionFolderIsRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "not a model");
        Path folder = version("v1");
        Files.createSymbolicLink(folder.resolve("network.zip"), secret);
        Path target = Files.createDirectories(dir.resolve("target"));

        assertThatThrownBy(() -> new LocalFolderSource(dir.resolve("store")).fetch("v1", target, 1 << 20))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link")
                .hasMessageContaining("outside");
        assertThat(target.resolve("network.zip")).doesNotExist();
    }

    @Test
    void symlinkInsideTheVersionFolderIsCopiedAsTheFileItNames() throws Exception {
        Path folder = version("v1");
        Files.writeString(folder.resolve("network-1.zip"), "weights");
        Files.createSymbolicLink(folder.resolve("network.zip"), Path.of("network-1.zip"));
        Path target = Files.createDirectories(dir.resolve("target"));

        new LocalFolderSource(dir.resolve("store")).fetch("v1", target, 1 << 20);

        assertThat(target.resolve("network.zip")).isRegularFile().hasContent("weights");
    }

    @Test
    void fifoInTheVersionFolderIsRefusedWithoutHanging() throws Exception {
        Path folder = version("v1");
        mkfifo(folder.resolve("network.zip"));
        Path target = Files.createDirectories(dir.resolve("target"));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> new LocalFolderSource(dir.resolve("store")).fetch("v1", target, 1 << 20))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("not a regular file"));
    }

    @Test
    void currentThatIsAFifoIsAnErrorNotAHang() throws Exception {
        Files.createDirectories(dir.resolve("store"));
        mkfifo(dir.resolve("store").resolve("CURRENT"));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> new LocalFolderSource(dir.resolve("store")).currentVersion())
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("not a regular file"));
    }
}
