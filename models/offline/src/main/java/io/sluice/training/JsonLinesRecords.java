package io.sluice.training;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.LabeledBidRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** One {@link LabeledBidRequest} per line in the protobuf JSON mapping; blank lines are ignored. */
final class JsonLinesRecords implements LabeledRecords {

    private final BufferedReader lines;
    private final JsonFormat.Parser parser = JsonFormat.parser();
    private long lineNumber;

    JsonLinesRecords(InputStream in) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public LabeledBidRequest next() throws IOException {
        String line;
        do {
            line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        LabeledBidRequest.Builder builder = LabeledBidRequest.newBuilder();
        try {
            parser.merge(line, builder);
        } catch (RuntimeException e) {
            // Gson's syntax errors escape JsonFormat unwrapped.
            throw new InvalidProtocolBufferException(e.getMessage());
        }
        return builder.build();
    }

    @Override
    public String position() {
        return "line " + lineNumber;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
