package io.sluice.importing;

/** A running count of bytes, shared by the inputs of one import phase for its progress bar. */
public final class ByteCounter {

    private long bytes;

    void add(long n) {
        bytes += n;
    }

    /** Bytes counted so far. */
    public long bytes() {
        return bytes;
    }
}
