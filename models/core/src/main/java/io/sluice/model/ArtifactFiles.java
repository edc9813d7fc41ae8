package io.sluice.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Where the files of one artifact live: a folder, or a classpath prefix for the bundled model. */
public interface ArtifactFiles {

    /** Opens a file of the artifact by its name relative to the artifact root. */
    InputStream open(String name) throws IOException;

    /** Where the artifact came from, for logs and errors. */
    String location();

    /**
     * The files of the artifact folder {@code root}. Only regular files are opened, so a FIFO or a device in the
     * folder is an error rather than a hang or an endless read; a symbolic link is followed only when the file it
     * names lies inside the folder.
     */
    static ArtifactFiles directory(Path root) {
        return directory(root, root.toAbsolutePath().toString());
    }

    /**
     * The files of {@code root}, named {@code location} in messages: where they came from (a store's version folder)
     * rather than the local copy being read.
     */
    static ArtifactFiles directory(Path root, String location) {
        return new ArtifactFiles() {
            @Override
            public InputStream open(String name) throws IOException {
                Path file = root.resolve(name);
                if (Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
                    Path target = file.toRealPath();
                    if (!target.startsWith(root.toRealPath())) {
                        throw new IOException(file + " is a symbolic link to " + target
                                + ", outside the artifact folder");
                    }
                    file = target;
                }
                if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                    throw new IOException(file + " is not a regular file");
                }
                return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
            }

            @Override
            public String location() {
                return location;
            }
        };
    }

    static ArtifactFiles classpath(String prefix) {
        return new ArtifactFiles() {
            @Override
            public InputStream open(String name) throws IOException {
                InputStream in = ArtifactFiles.class.getResourceAsStream(prefix + "/" + name);
                if (in == null) {
                    throw new NoSuchFileException("classpath:" + prefix + "/" + name);
                }
                return in;
            }

            @Override
            public String location() {
                return "classpath:" + prefix;
            }
        };
    }
}
