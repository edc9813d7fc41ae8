package io.sluice.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a labelled data file stores its {@code LabeledBidRequest}s, told by the file name's suffix. JSON Lines is for
 * reading and editing by hand; length-delimited protobuf (each message preceded by its size as a varint, as
 * {@code writeDelimitedTo} writes it) holds the same rows and reads about two orders of magnitude faster.
 */
public enum LabeledDataFormat {
    JSON_LINES(".jsonl"),
    DELIMITED_PROTOBUF(".binpb");

    private final String suffix;

    LabeledDataFormat(String suffix) {
        this.suffix = suffix;
    }

    /** The file-name suffix that selects this format. */
    public String suffix() {
        return suffix;
    }

    /** The format {@code file}'s name asks for. */
    public static LabeledDataFormat of(Path file) {
        String name = file.getFileName().toString();
        for (LabeledDataFormat format : values()) {
            if (name.endsWith(format.suffix)) {
                return format;
            }
        }
        throw new IllegalArgumentException(file + ": unknown data format; the name must end in one of "
                + Arrays.stream(values()).map(f -> f.suffix + " (" + f.description() + ")")
                        .collect(Collectors.joining(", ")));
    }

    private String description() {
        return this == JSON_LINES ? "JSON Lines" : "length-delimited protobuf";
    }
}
