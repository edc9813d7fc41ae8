package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@link LabeledBidRequest}s each preceded by its size as a varint. The size is checked against a limit before
 * anything is allocated, and a record is read whole before it is parsed, so a record that does not parse leaves
 * the framing intact and can be skipped; a broken size or a file that ends inside a record cannot.
 */
final class DelimitedProtobufRecords implements LabeledRecords {

    /** Far above any real row (about 1 KB), far below what would strain the heap. */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private final InputStream in;
    private final String fileName;
    private long recordNumber;
    private long recordStart;
    private long offset;

    DelimitedProtobufRecords(InputStream in, String fileName) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.fileName = fileName;
    }

    @Override
    public LabeledBidRequest next() throws IOException {
        int first = in.read();
        if (first == -1) {
            return null;
        }
        recordNumber++;
        recordStart = offset;
        offset++;
        int size = readSize(first);
        if (size < 0 || size > MAX_RECORD_BYTES) {
            throw broken("declares " + Integer.toUnsignedString(size) + " bytes, more than the limit of "
                    + MAX_RECORD_BYTES);
        }
        byte[] bytes = in.readNBytes(size);
        offset += bytes.length;
        if (bytes.length < size) {
            throw broken("declares " + size + " bytes but the file ends after " + bytes.length + " (truncated)");
        }
        return LabeledBidRequest.parseFrom(bytes);
    }

    /** The varint size whose first byte is {@code first}. */
    private int readSize(int first) throws IOException {
        int size = first & 0x7f;
        int b = first;
        for (int shift = 7; (b & 0x80) != 0; shift += 7) {
            b = in.read();
            if (b == -1) {
                throw broken("ends inside its size (truncated)");
            }
            offset++;
            if (shift > 28) {
                throw broken("has a size longer than 5 bytes");
            }
            size |= (b & 0x7f) << shift;
        }
        return size;
    }

    private DataFormatException broken(String problem) {
        return new DataFormatException(fileName + " " + position() + ": " + problem, null);
    }

    @Override
    public String position() {
        return "record " + recordNumber + " (byte " + recordStart + ")";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
