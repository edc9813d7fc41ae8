package io.sluice.service.config;

import java.util.Optional;

/** A bucket and key prefix, written {@code s3://bucket/prefix} in settings. */
public record S3Location(String bucket, String prefix) {

    private static final String SCHEME = "s3://";

    /** The location {@code value} names, if it is an {@code s3://} URL with a bucket. */
    public static Optional<S3Location> parse(String value) {
        if (!value.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = value.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        return bucket.isEmpty() ? Optional.empty() : Optional.of(new S3Location(bucket, prefix));
    }

    /** Whether {@code value} is written as an S3 location, with or without a bucket. */
    static boolean isWrittenAsS3(String value) {
        return value.startsWith(SCHEME);
    }

    /** The key of {@code name} under this prefix. */
    public String key(String name) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
