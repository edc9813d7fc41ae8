package io.sluice.training;

import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.LabeledBidRequest;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@link LabeledBidRequest}s to a labelled data file in the {@link LabeledDataFormat} its name asks for. */
public final class LabeledRequestWriter implements Closeable {

    private static final byte[] NEWLINE = {'\n'};

    private final LabeledDataFormat format;
    private final OutputStream out;
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

    public LabeledRequestWriter(Path file) throws IOException {
        this.format = LabeledDataFormat.of(file);
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    public void write(LabeledBidRequest row) throws IOException {
        switch (format) {
            case JSON_LINES -> {
                out.write(printer.print(row).getBytes(StandardCharsets.UTF_8));
                out.write(NEWLINE);
            }
            case DELIMITED_PROTOBUF -> row.writeDelimitedTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
