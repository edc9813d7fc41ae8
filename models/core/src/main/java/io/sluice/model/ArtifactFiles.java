package io.sluice.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where the files of one artifact live: a folder, or a classpath prefix for the bundled model. */
public interface ArtifactFiles {

    /** Opens a file of the artifact by its name relative to the artifact root. */
    InputStream open(String name) throws IOException;

    /** Where the artifact came from, for logs and errors. */
    String location();

    static ArtifactFiles directory(Path root) {
        return new ArtifactFiles() {
            @Override
            public InputStream open(String name) throws IOException {
                return Files.newInputStream(root.resolve(name));
            }

            @Override
            public String location() {
                return root.toAbsolutePath().toString();
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
