package io.sluice.importing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream as bytes in one reusable buffer, ended by LF, CR or CR LF as {@link java.io.BufferedReader}
 * ends them: the request parser reads UTF-8 bytes, so decoding each line to a {@code String} and encoding it back
 * cost a copy and a transcoding per request for nothing.
 */
final class ByteLines {

    private final InputStream in;
    private byte[] buffer;
    /** Bytes of {@code buffer} read from the stream. */
    private int filled;
    /** Where the next line starts in {@code buffer}. */
    private int next;
    private int lineStart;
    private int lineLength;
    /** The previous line ended with CR: an LF right after it belongs to that line's end. */
    private boolean skipLineFeed;

    ByteLines(InputStream in, int bufferBytes) {
        this.in = in;
        this.buffer = new byte[bufferBytes];
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        int scanned = next;
        while (true) {
            for (int i = scanned; i < filled; i++) {
                byte b = buffer[i];
                if (skipLineFeed) {
                    skipLineFeed = false;
                    if (b == '\n') {
                        next++;
                        continue;
                    }
                }
                if (b == '\n' || b == '\r') {
                    lineStart = next;
                    lineLength = i - next;
                    next = i + 1;
                    skipLineFeed = b == '\r';
                    return true;
                }
            }
            scanned = filled - next;
            if (!fill()) {
                if (filled == next) {
                    return false;
                }
                lineStart = next;
                lineLength = filled - next;
                next = filled;
                return true;
            }
        }
    }

    /** The buffer holding the current line (valid until the next call to {@link #next}). */
    byte[] buffer() {
        return buffer;
    }

    /** Where the current line starts in {@link #buffer}. */
    int start() {
        return lineStart;
    }

    /** The current line's length in bytes, without its end. */
    int length() {
        return lineLength;
    }

    /** Moves the unread bytes to the front (growing the buffer if a line fills it) and reads more; false at the end. */
    private boolean fill() throws IOException {
        int unread = filled - next;
        if (next > 0) {
            System.arraycopy(buffer, next, buffer, 0, unread);
        } else if (unread == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        next = 0;
        filled = unread;
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
            return false;
        }
        filled += n;
        return true;
    }
}
