package io.sluice.service.decisions;

import io.sluice.service.config.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads finished decision-log files to S3 under {@code dt=YYYY-MM-DD/hour=HH/} (the hour the file was started,
 * UTC), the partition layout Spark and Athena read directly, and deletes each file once it is uploaded.
 */
final class DecisionUploader {

    private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH'/'")
            .withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final S3Location location;

    DecisionUploader(S3Client s3, S3Location location) {
        this.s3 = s3;
        this.location = location;
    }

    /** The key a finished file named {@code name} is uploaded to. */
    String keyOf(String name) {
        Instant started = DecisionFiles.startedAt(name);
        return location.key(PARTITION.format(started) + name);
    }

    /** Uploads {@code file} and deletes it; when either fails (an {@code SdkException} or an IOException) the file stays. */
    void upload(Path file) throws IOException {
        s3.putObject(b -> b.bucket(location.bucket()).key(keyOf(file.getFileName().toString())),
                RequestBody.fromFile(file));
        Files.delete(file);
    }

    /** Where files go, for logs. */
    String describe() {
        return location.toString();
    }
}
