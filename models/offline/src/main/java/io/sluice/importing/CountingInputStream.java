package io.sluice.importing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Adds every byte read through it to a {@link ByteCounter}. */
final class CountingInputStream extends FilterInputStream {

    private final ByteCounter counter;

    CountingInputStream(InputStream in, ByteCounter counter) {
        super(in);
        this.counter = counter;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counter.add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counter.add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counter.add(skipped);
        return skipped;
    }
}
