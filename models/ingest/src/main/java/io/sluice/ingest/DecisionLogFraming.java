package io.sluice.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.BadInputException;
import io.sluice.api.v1.DecisionRecord;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one record of Sluice's decision log (length-delimited DecisionRecords). A record that is not a
 * DecisionRecord, or a size that cannot be right, means the file is not a decision log (or is cut short): nothing
 * after it can be framed, so it fails naming where, rather than being counted as one bad line.
 */
public final class DecisionLogFraming {

    /** Above any real record (about 1 KB), below what would strain a reader's heap. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private DecisionLogFraming() {
    }

    /**
     * The record whose size starts with the byte {@code first}, read from {@code in}; {@code where} names it in
     * errors, e.g. "logs/a.binpb: record 3".
     */
    public static DecisionRecord read(int first, InputStream in, String where) throws IOException {
        int size;
        try {
            size = CodedInputStream.readRawVarint32(first, in);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(where + ": not a length-delimited DecisionRecord (is it a decision log?)");
        }
        if (size < 0 || size > MAX_RECORD_BYTES) {
            throw new BadInputException(where + ": declares " + Integer.toUnsignedString(size) + " bytes, more than "
                    + MAX_RECORD_BYTES + " (is it a decision log?)");
        }
        byte[] bytes = in.readNBytes(size);
        if (bytes.length < size) {
            throw new BadInputException(where + ": the file ends inside it (truncated)");
        }
        try {
            return DecisionRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(where + ": not a DecisionRecord (is it a decision log?)");
        }
    }
}
