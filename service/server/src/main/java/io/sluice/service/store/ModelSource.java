package io.sluice.service.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A store of versioned model artifacts that names the current one, and optionally a candidate. Layout, in a folder or
 * under an S3 prefix: {@code CURRENT} (a text file holding one version label), optionally {@code CANDIDATE} (the
 * same, for the version on trial; absent or empty = none) and one {@code <version>/} folder per artifact holding
 * {@code manifest.json} and the network file.
 */
public interface ModelSource {

    /** The object holding the current version label. */
    String CURRENT = "CURRENT";

    /** The object holding the candidate version label. */
    String CANDIDATE = "CANDIDATE";

    /** Version labels double as folder names, so they are restricted to a safe alphabet. */
    Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The version label the pointer object {@code name} (CURRENT or CANDIDATE) holds; empty if absent or empty. */
    Optional<String> pointer(String name) throws IOException;

    /** The version the store marks as current, or empty when it marks none. */
    default Optional<String> currentVersion() throws IOException {
        return pointer(CURRENT);
    }

    /** The version the store puts on trial, or empty when it names none. */
    default Optional<String> candidateVersion() throws IOException {
        return pointer(CANDIDATE);
    }

    /** Every version the store holds, sorted. */
    List<String> versions() throws IOException;

    /**
     * Copies the files of {@code version} into the empty folder {@code target}, refusing to copy more than
     * {@code maxBytes} in total.
     */
    void fetch(String version, Path target, long maxBytes) throws IOException;

    /** Where the store is, for logs (never includes credentials). */
    String describe();

    /** Where {@code version}'s files are in the store, for logs: the store's location and the version's folder. */
    default String describe(String version) {
        String store = describe();
        return store + (store.endsWith("/") ? "" : "/") + version + "/";
    }

    /**
     * Copies {@code in} to the new file {@code target}, refusing to write more than {@code maxBytes} (a listing's
     * sizes are not a promise: the object or file may have grown since). Returns the bytes copied.
     */
    static long copyBounded(InputStream in, Path target, long maxBytes, String what) throws IOException {
        long copied = 0;
        byte[] buffer = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                copied += n;
                if (copied > maxBytes) {
                    throw new IOException(what + " is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return copied;
    }

    /** Checks a label read from the store or a caller before it is used as a path. */
    static String requireValidVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("invalid model version label '" + version
                    + "': use letters, digits, '.', '_' and '-' (at most 128)");
        }
        return version;
    }
}
