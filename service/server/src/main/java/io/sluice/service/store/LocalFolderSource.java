package io.sluice.service.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A model store in a local folder (or a mounted volume). */
public final class LocalFolderSource implements ModelSource {

    private static final int MAX_POINTER_BYTES = 256;

    private final Path root;

    public LocalFolderSource(Path root) {
        this.root = root;
    }

    /** Whether {@code folder} is laid out as a store (it has a CURRENT file). */
    public static boolean isStore(Path folder) {
        return Files.isRegularFile(folder.resolve(CURRENT));
    }

    @Override
    public Optional<String> pointer(String name) throws IOException {
        Path pointer = root.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(pointer, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(pointer + " is not a regular file");
        }
        String label;
        try (InputStream in = Files.newInputStream(pointer)) {
            label = new String(in.readNBytes(MAX_POINTER_BYTES), StandardCharsets.UTF_8).trim();
        }
        return label.isEmpty() ? Optional.empty() : Optional.of(ModelSource.requireValidVersion(label));
    }

    @Override
    public List<String> versions() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> VERSION.matcher(name).matches()).sorted().toList();
        }
    }

    /**
     * Copies the version folder's regular files. A symbolic link is copied as the file it names when that file lies
     * inside the version folder, and refused otherwise; any other kind of file (FIFO, device, socket) is refused
     * before it is opened, so it can neither hang the copy nor feed it without end. Sub-folders are not part of an
     * artifact and are skipped.
     */
    @Override
    public void fetch(String version, Path target, long maxBytes) throws IOException {
        Path folder = root.resolve(ModelSource.requireValidVersion(version));
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such model version");
        }
        Path realFolder = folder.toRealPath();
        Map<String, Path> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                Path file = entry;
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    file = entry.toRealPath();
                    if (!file.startsWith(realFolder)) {
                        throw new IOException(entry + " is a symbolic link to " + file
                                + ", outside the version folder");
                    }
                    attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                }
                if (attributes.isDirectory()) {
                    continue;
                }
                if (!attributes.isRegularFile()) {
                    throw new IOException(entry + " is not a regular file");
                }
                total += attributes.size();
                files.put(entry.getFileName().toString(), file);
            }
        }
        if (total > maxBytes) {
            throw new IOException(folder + " holds " + total + " bytes, more than the limit of " + maxBytes);
        }
        long remaining = maxBytes;
        for (Map.Entry<String, Path> file : files.entrySet()) {
            try (InputStream in = Files.newInputStream(file.getValue(), LinkOption.NOFOLLOW_LINKS)) {
                remaining -= ModelSource.copyBounded(in, target.resolve(file.getKey()), remaining, folder.toString());
            }
        }
    }

    @Override
    public String describe() {
        return root.toAbsolutePath().toString();
    }
}
