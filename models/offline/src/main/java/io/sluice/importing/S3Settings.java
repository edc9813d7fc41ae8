package io.sluice.importing;

import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * How to reach S3 for s3:// inputs; credentials come from the AWS SDK's default chain.
 *
 * @param region    the bucket's region
 * @param endpoint  an S3-compatible endpoint instead of AWS's, or empty
 * @param pathStyle address buckets in the path rather than the host name (most S3-compatible servers)
 */
public record S3Settings(String region, String endpoint, boolean pathStyle) {

    /** A client with these settings. */
    public S3Client client() {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
