package io.sluice.service.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A model store under an S3 prefix (AWS SDK v2; any S3-compatible endpoint). */
public final class S3Source implements ModelSource {

    private static final int MAX_POINTER_BYTES = 256;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** {@code prefix} may be empty; otherwise it is used as a folder ("models" and "models/" are the same). */
    public S3Source(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public Optional<String> pointer(String name) throws IOException {
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(prefix + name).build())) {
            String label = new String(in.readNBytes(MAX_POINTER_BYTES), StandardCharsets.UTF_8).trim();
            return label.isEmpty() ? Optional.empty() : Optional.of(ModelSource.requireValidVersion(label));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("cannot read " + describe() + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> versions() throws IOException {
        List<String> versions = new ArrayList<>();
        try {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .delimiter("/");
            ListObjectsV2Response page;
            do {
                page = s3.listObjectsV2(request.build());
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(prefix.length(), common.prefix().length() - 1);
                    if (VERSION.matcher(name).matches()) {
                        versions.add(name);
                    }
                }
                request.continuationToken(page.nextContinuationToken());
            } while (Boolean.TRUE.equals(page.isTruncated()));
        } catch (SdkException e) {
            throw new IOException("cannot list " + describe() + ": " + e.getMessage(), e);
        }
        versions.sort(null);
        return versions;
    }

    @Override
    public void fetch(String version, Path target, long maxBytes) throws IOException {
        String folder = prefix + ModelSource.requireValidVersion(version) + "/";
        try {
            List<S3Object> objects = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(folder)
                    .build()).contents();
            if (objects.isEmpty()) {
                throw new IOException("it holds no files");
            }
            long total = objects.stream().mapToLong(S3Object::size).sum();
            if (total > maxBytes) {
                throw new IOException("it holds " + total + " bytes, more than the limit of " + maxBytes);
            }
            long remaining = maxBytes;
            for (S3Object object : objects) {
                String name = object.key().substring(folder.length());
                if (name.isEmpty() || name.contains("/")) {
                    continue;
                }
                try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(object.key()).build())) {
                    remaining -= ModelSource.copyBounded(in, target.resolve(name), remaining,
                            name);
                }
            }
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }
}
