package io.sluice.service;

import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.service.store.ModelSource;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A real S3 API on loopback (s3proxy over an in-memory blob store, SigV4 authentication) and a publisher that
 * writes model artifacts into it with the real AWS SDK, laid out as a Sluice model store.
 */
final class S3TestStore implements AutoCloseable {

    static final String ACCESS_KEY = "sluice-test-access";
    static final String SECRET_KEY = "sluice-test-secret-key";
    static final String BUCKET = "models";
    static final String PREFIX = "bid-likelihood/";

    private final BlobStore blobs = BlobStores.create("transient", new Properties());
    private final int port;
    private final S3Client publisher;
    private S3Proxy proxy;

    S3TestStore() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        start();
        publisher = S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
        publisher.createBucket(b -> b.bucket(BUCKET));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of this S3 endpoint with the test's credentials, for tests to read what the server wrote. */
    S3Client client() {
        return publisher;
    }

    /** The model.location of this store. */
    String location() {
        return "s3://" + BUCKET + "/" + PREFIX;
    }

    /** Starts (or restarts after {@link #outage()}) the S3 endpoint on the same port with the same objects. */
    void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
    }

    /** Takes the S3 endpoint down: connections are refused until {@link #start()}. */
    void outage() throws Exception {
        proxy.stop();
    }

    /** Uploads the bundled model's network under a new version label (the manifest is rewritten for it). */
    void publish(String version, Path scratch) throws Exception {
        upload(version, write(version, scratch, bundled().network()));
    }

    /**
     * Uploads the bundled model with the bias of every output moved by {@code outputBiasShift} before the sigmoid: a
     * model that scores differently (-20 answers about 0 for every partner).
     */
    void publishShifted(String version, Path scratch, double outputBiasShift) throws Exception {
        MultiLayerNetwork network = bundled().network().clone();
        network.getOutputLayer().getParam("b").addi(outputBiasShift);
        upload(version, write(version, scratch, network));
    }

    /** Uploads an artifact whose network file no longer matches the manifest's checksum. */
    void publishCorrupt(String version, Path scratch) throws Exception {
        Path dir = write(version, scratch, bundled().network());
        Path network = dir.resolve(ModelArtifact.NETWORK_FILE);
        byte[] bytes = Files.readAllBytes(network);
        bytes[bytes.length / 3] ^= 0x11;
        Files.write(network, bytes);
        upload(version, dir);
    }

    /** Points CURRENT at {@code version}. */
    void makeCurrent(String version) {
        writePointer(ModelSource.CURRENT, version);
    }

    /** Points CANDIDATE at {@code version}; "" names none. */
    void makeCandidate(String version) {
        writePointer(ModelSource.CANDIDATE, version);
    }

    private void writePointer(String name, String version) {
        publisher.putObject(b -> b.bucket(BUCKET).key(PREFIX + name),
                RequestBody.fromString(version + "\n", StandardCharsets.UTF_8));
    }

    private static ModelArtifact bundled() throws Exception {
        return ModelArtifact.read(ArtifactFiles.classpath("/bundled-model"), 1L << 30);
    }

    /** Writes {@code network} as the artifact of {@code version} into a new folder under {@code scratch}. */
    private static Path write(String version, Path scratch, MultiLayerNetwork network) throws Exception {
        Path dir = Files.createTempDirectory(scratch, version);
        ModelArtifact.write(dir, ModelArtifact.readManifest(ArtifactFiles.classpath("/bundled-model")).toBuilder()
                .setVersion(version).build(), network);
        return dir;
    }

    private void upload(String version, Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                publisher.putObject(b -> b.bucket(BUCKET).key(PREFIX + version + "/" + file.getFileName()),
                        RequestBody.fromFile(file));
            }
        }
    }

    @Override
    public void close() throws Exception {
        publisher.close();
        proxy.stop();
    }
}
