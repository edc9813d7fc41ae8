package io.sluice.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a labelled data file stores its {@code LabeledBidRequest}s, told by the file name's suffix. JSON Lines is for
 * reading and editing by hand; length-delimited protobuf (each message preceded by its size as a varint, as
 * {@code writeDelimitedTo} writes it) holds the same rows and parses about 6x faster
 * ({@code LabeledDataReadBenchmark} in BENCHMARKS.md).
 */
public enum LabeledDataFormat {
    JSON_LINES(".jsonl", "JSON Lines"),
    DELIMITED_PROTOBUF(".binpb", "length-delimited protobuf");

    private final String suffix;
    private final String description;

    LabeledDataFormat(String suffix, String description) {
        this.suffix = suffix;
        this.description = description;
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
                + Arrays.stream(values()).map(f -> f.suffix + " (" + f.description + ")")
                        .collect(Collectors.joining(", ")));
    }

    /** The format's name for people, e.g. in a training data description. */
    public String description() {
        return description;
    }
}
