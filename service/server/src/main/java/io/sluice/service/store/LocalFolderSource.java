package io.sluice.service.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A model store in a local folder (or a mounted volume). */
public final class LocalFolderSource implements ModelSource {

    private final Path root;

    public LocalFolderSource(Path root) {
        this.root = root;
    }

    /** Whether {@code folder} is laid out as a store (it has a CURRENT file). */
    public static boolean isStore(Path folder) {
        return Files.isRegularFile(folder.resolve(CURRENT));
    }

    @Override
    public Optional<String> currentVersion() throws IOException {
        try {
            String label = Files.readString(root.resolve(CURRENT), StandardCharsets.UTF_8).trim();
            return label.isEmpty() ? Optional.empty() : Optional.of(ModelSource.requireValidVersion(label));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> versions() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> VERSION.matcher(name).matches()).sorted().toList();
        }
    }

    @Override
    public void fetch(String version, Path target, long maxBytes) throws IOException {
        Path folder = root.resolve(ModelSource.requireValidVersion(version));
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such model version");
        }
        List<Path> files = new ArrayList<>();
        long total = 0;
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
                files.add(file);
            }
        }
        if (total > maxBytes) {
            throw new IOException(folder + " holds " + total + " bytes, more than the limit of " + maxBytes);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                Files.copy(in, target.resolve(file.getFileName().toString()));
            }
        }
    }

    @Override
    public String describe() {
        return root.toAbsolutePath().toString();
    }
}
