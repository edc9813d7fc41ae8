package io.sluice.importing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * One input of an import, a local file or an S3 object.
 *
 * @param name      how messages name it: its path or s3:// URL
 * @param sizeBytes its stored size (compressed, if it is), for progress
 * @param source    opens its stored bytes
 */
public record InputFile(String name, long sizeBytes, Source source) {

    private static final int GZIP_MAGIC = 0x8b1f;

    /** Opens the stored bytes of an input. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Its content, decompressed when it is gzip (told by its first two bytes, whatever its name), counting the stored
     * bytes read into {@code storedBytesRead}.
     */
    public InputStream open(ByteCounter storedBytesRead) throws IOException {
        InputStream stored = new BufferedInputStream(new CountingInputStream(source.open(), storedBytesRead), 1 << 16);
        stored.mark(2);
        int magic = stored.read() | (stored.read() << 8);
        stored.reset();
        return magic == GZIP_MAGIC ? new BufferedInputStream(new GZIPInputStream(stored, 1 << 16), 1 << 16) : stored;
    }
}
