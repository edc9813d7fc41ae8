package io.sluice.training;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.api.v1.LabeledBidRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** The records of one labelled data file in its storage format, parsed but not yet checked for meaning. */
interface LabeledRecords extends Closeable {

    /**
     * The next record, or null at the end of the file.
     *
     * @throws InvalidProtocolBufferException when this record does not parse; the next call reads the record after it
     * @throws DataFormatException            when the file cannot be read further (its framing is broken)
     */
    LabeledBidRequest next() throws IOException;

    /** Where the record last returned (or refused) sits in the file, for messages: e.g. "line 3". */
    String position();

    /** Opens the records of {@code in}, stored as {@code format}. */
    static LabeledRecords open(LabeledDataFormat format, InputStream in, String fileName) {
        return switch (format) {
            case JSON_LINES -> new JsonLinesRecords(in);
            case DELIMITED_PROTOBUF -> new DelimitedProtobufRecords(in, fileName);
        };
    }
}
