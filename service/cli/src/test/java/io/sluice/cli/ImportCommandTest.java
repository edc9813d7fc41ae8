package io.sluice.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ShardManifest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardManifests;
import io.sluice.service.cli.SluiceCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** {@code sluice import} end to end: each source's logs become shards that read back as the manifest says. */
class ImportCommandTest {

    private static final String REQUEST = "{\"id\":\"%s\",\"imp\":[{\"id\":\"1\",\"banner\":{\"w\":300,\"h\":250}}],"
            + "\"site\":{\"domain\":\"news.example\"}}";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private static String requestLine(String id, String arrival) {
        return arrival + "\t" + REQUEST.formatted(id) + "\n";
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, UTF_8);
    }

    private Path gzip(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(UTF_8));
        }
        return file;
    }

    @Test
    void openRtbLogsFromGzipAndAGlobJoinIntoShardsThatReadBackAsTheManifestSays() throws Exception {
        gzip("requests.log.gz", requestLine("r1", "2026-12-01T10:00:00Z") + requestLine("r2", "2026-12-01T11:00:00Z")
                + requestLine("r3", "1796169600000") + "not a request\n" + requestLine("r4", "2026-12-02T09:00:00Z"));
        Files.createDirectories(dir.resolve("outcomes"));
        write("outcomes/a.jsonl", """
                {"request_id":"r1","partner_id":"dsp-a","bid":true,"price":1.5,"response_time_ms":40}
                {"request_id":"r1","partner_id":"dsp-b","bid":false}
                {"request_id":"r9","partner_id":"dsp-a","bid":true}
                """);
        write("outcomes/b.csv", """
                request_id,partner_id,bid,price,response_time_ms
                r2,dsp-a,0,,30
                r3,dsp-b,1,2.0,55
                r3,dsp-b,1,2.0,55
                r3,dsp-c,maybe,,
                """);
        Path out = dir.resolve("shards");

        int exit = cli.run("import", "--requests", dir.resolve("requests.log.gz").toString(),
                "--outcomes", dir.resolve("outcomes") + "/*", "--out", out.toString(), "--parts-per-day", "2");

        assertThat(exit).as(cli.err()).isZero();
        ShardManifest manifest = ShardManifests.read(out);
        assertThat(manifest.getCounts().getRequestsRead()).isEqualTo(5);
        assertThat(manifest.getCounts().getOutcomesRead()).isEqualTo(7);
        assertThat(manifest.getCounts().getRowsWritten()).isEqualTo(3);
        assertThat(manifest.getCounts().getRequestsUnmatched()).as("r4").isEqualTo(1);
        assertThat(manifest.getCounts().getOutcomesUnmatched()).as("r9").isEqualTo(1);
        assertThat(manifest.getCounts().getRejected()).as("bad line, bad bid, duplicate").isEqualTo(3);
        assertThat(manifest.getCounts().getFirstRejectionsList())
                .contains(dir.resolve("requests.log.gz") + ":4: expected an arrival time, a tab, then the OpenRTB "
                        + "JSON; found no tab in the first 40 characters")
                .as("an outcome the join cannot use is named by its request's line")
                .contains(dir.resolve("requests.log.gz") + ":3: request 'r3': duplicate outcome for partner 'dsp-b'");
        assertThat(manifest.getPartnersList()).containsExactly("dsp-a", "dsp-b");
        Map<String, LabeledBidRequest> rows = readBack(out, manifest);
        assertThat(rows.get("r1").getBidsMap()).isEqualTo(Map.of("dsp-a", true, "dsp-b", false));
        assertThat(rows.get("r3").getBidsMap()).isEqualTo(Map.of("dsp-b", true));
        assertThat(manifest.getShardsList()).extracting(TrainingShard::getFile)
                .allMatch(f -> f.matches("dt=2026-12-0[12]/part-0000[01]\\.binpb"));
        assertThat(cli.out()).contains("rows written        3");
    }

    @Test
    void decisionLogLabelsOnlyPartnersItWasSentTo() throws Exception {
        Path log = dir.resolve("decisions.binpb");
        try (OutputStream out = Files.newOutputStream(log)) {
            DecisionRecord.newBuilder()
                    .setBidRequest(BidRequest.newBuilder().setId("d1").addImp(Imp.newBuilder().setId("1")))
                    .setArrivalTime(Timestamps.parse("2026-12-01T10:00:00Z"))
                    .addScores(PartnerScore.newBuilder().setPartnerId("sent").setDecision(Decision.DECISION_SEND))
                    .addScores(PartnerScore.newBuilder().setPartnerId("explored").setDecision(Decision.DECISION_SEND)
                            .setExploration(true).setExplorationProbability(0.1).setLikelihood(0.1)
                            .setThreshold(0.3))
                    .addScores(PartnerScore.newBuilder().setPartnerId("skipped").setDecision(Decision.DECISION_SKIP))
                    .build().writeDelimitedTo(out);
        }
        write("outcomes.jsonl", """
                {"request_id":"d1","partner_id":"sent","bid":false}
                {"request_id":"d1","partner_id":"explored","bid":true}
                {"request_id":"d1","partner_id":"skipped","bid":true}
                """);
        Path out = dir.resolve("shards");

        int exit = cli.run("import", "--format", "decision-log", "--requests", log.toString(),
                "--outcomes", dir.resolve("outcomes.jsonl").toString(), "--out", out.toString());

        assertThat(exit).as(cli.err()).isZero();
        ShardManifest manifest = ShardManifests.read(out);
        LabeledBidRequest row = readBack(out, manifest).get("d1");
        assertThat(row.getBidsMap()).isEqualTo(Map.of("sent", false, "explored", true));
        assertThat(row.getExplorationProbabilityMap()).isEqualTo(Map.of("explored", 0.1));
        assertThat(manifest.getCounts().getFirstRejectionsList())
                .containsExactly(log + ":record 1: request 'd1': outcome for partner 'skipped', to which it was not "
                        + "sent");
    }

    @Test
    void ipinyouBidsAreWonWithAnImpressionAndLostWithout() throws Exception {
        write("bid.txt", ipinyouBid("b1", "1458") + ipinyouBid("b2", "3358"));
        write("imp.txt", "b1\t20130606000104900\t1\tu\tua\t1.2.3.*\t80\t85\t2\td\turl\tnull\tslot\t300\t250\t"
                + "FirstView\t0\t0\tcr\t300\t68\tnull\t1458\tnull\n");
        Path out = dir.resolve("shards");

        int exit = cli.run("import", "--format", "ipinyou-bid", "--requests", dir.resolve("bid.txt").toString(),
                "--impressions", dir.resolve("imp.txt").toString(), "--out", out.toString());

        assertThat(exit).as(cli.err()).isZero();
        Map<String, LabeledBidRequest> rows = readBack(out, ShardManifests.read(out));
        assertThat(rows.get("b1").getBidsMap()).isEqualTo(Map.of("1458", true));
        assertThat(rows.get("b2").getBidsMap()).isEqualTo(Map.of("3358", false));
    }

    @Test
    void s3InputsAreListedAndReadThroughTheS3Api() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder().blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(endpoint).awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret-key").build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        String previousKey = System.setProperty("aws.accessKeyId", "access");
        String previousSecret = System.setProperty("aws.secretAccessKey", "secret-key");
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access",
                        "secret-key")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            s3.createBucket(b -> b.bucket("logs"));
            s3.putObject(b -> b.bucket("logs").key("requests/part-1.log.gz"),
                    RequestBody.fromFile(gzip("r.gz", requestLine("s1", "2026-12-01T10:00:00Z"))));
            s3.putObject(b -> b.bucket("logs").key("outcomes/part-1.jsonl"),
                    RequestBody.fromString("{\"request_id\":\"s1\",\"partner_id\":\"p\",\"bid\":true}\n"));
            Path out = dir.resolve("shards");

            int exit = cli.run("import", "--requests", "s3://logs/requests/", "--outcomes", "s3://logs/outcomes/",
                    "--out", out.toString(), "--s3-endpoint", endpoint.toString(), "--s3-path-style");

            assertThat(exit).as(cli.err()).isZero();
            assertThat(readBack(out, ShardManifests.read(out)).get("s1").getBidsMap()).isEqualTo(Map.of("p", true));
        } finally {
            restore("aws.accessKeyId", previousKey);
            restore("aws.secretAccessKey", previousSecret);
            proxy.stop();
        }
    }

    @Test
    void binaryGivenAsJsonFailsFastWithOneLine() throws Exception {
        Path binary = Files.write(dir.resolve("requests.log"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 1, '\n'});
        write("o.jsonl", "{\"request_id\":\"r\",\"partner_id\":\"p\",\"bid\":true}\n");

        int exit = cli.run("import", "--requests", binary.toString(), "--outcomes", dir.resolve("o.jsonl").toString(),
                "--out", dir.resolve("shards").toString());

        assertThat(exit).isEqualTo(SluiceCommandLine.EXIT_BAD_INPUT);
        assertThat(cli.err().lines().filter(l -> !l.startsWith("import: read")))
                .containsExactly("sluice import: " + binary + ": not an OpenRTB JSON request log: binary data at line 1");
    }

    @Test
    void requestLineThatIsNotUtf8IsRejectedAsTheServerRejectsIt() throws Exception {
        byte[] notUtf8 = requestLine("r2", "2026-12-01T10:00:01Z").replace("news.example", "news\u00e9x")
                .getBytes(UTF_8);
        // Cut the two-byte é short: its first byte followed by 'x' is not UTF-8.
        int accent = new String(notUtf8, UTF_8).indexOf('\u00e9');
        byte[] line = new byte[notUtf8.length - 1];
        System.arraycopy(notUtf8, 0, line, 0, accent + 1);
        System.arraycopy(notUtf8, accent + 2, line, accent + 1, notUtf8.length - accent - 2);
        Path requests = write("requests.log", requestLine("r1", "2026-12-01T10:00:00Z"));
        Files.write(requests, line, StandardOpenOption.APPEND);
        write("o.jsonl", "{\"request_id\":\"r1\",\"partner_id\":\"p\",\"bid\":true}\n");

        int exit = cli.run("import", "--requests", requests.toString(), "--outcomes", dir.resolve("o.jsonl").toString(),
                "--out", dir.resolve("shards").toString());

        assertThat(exit).isZero();
        assertThat(cli.out()).contains("requests.log:2: $.site.domain: not valid JSON").contains("Invalid UTF-8");
    }

    @Test
    void fileWhoseFirstLinesAreAllRejectedFailsFast() throws Exception {
        Path csv = write("requests.csv", "id,domain\n" + "r1,news.example\n".repeat(30));
        write("o.jsonl", "{\"request_id\":\"r\",\"partner_id\":\"p\",\"bid\":true}\n");

        int exit = cli.run("import", "--requests", csv.toString(), "--outcomes", dir.resolve("o.jsonl").toString(),
                "--out", dir.resolve("shards").toString());

        assertThat(exit).isEqualTo(SluiceCommandLine.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("sluice import: " + csv + ": not an OpenRTB JSON request log: its first 20 "
                + "lines were all rejected (line 1: expected an arrival time, a tab");
    }

    private static String ipinyouBid(String bidId, String advertiser) {
        return String.join("\t", bidId, "20130606000104828", "u", "ua", "1.2.3.*", "80", "85", "2", "d", "url", "null",
                "slot", "300", "250", "FirstView", "0", "0", "cr", "300", advertiser, "10057") + "\n";
    }

    /** Every row of every shard, checking each shard against its manifest entry; by request id. */
    private static Map<String, LabeledBidRequest> readBack(Path folder, ShardManifest manifest) throws Exception {
        Map<String, LabeledBidRequest> rows = new java.util.HashMap<>();
        long total = 0;
        for (TrainingShard shard : manifest.getShardsList()) {
            Path file = folder.resolve(shard.getFile());
            List<LabeledBidRequest> read = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (LabeledBidRequest r; (r = LabeledBidRequest.parseDelimitedFrom(in)) != null; ) {
                    read.add(r);
                    rows.put(r.getRequest().getId(), r);
                }
            }
            assertThat(read).hasSize((int) shard.getRows());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))))
                    .isEqualTo(shard.getSha256());
            total += read.size();
        }
        assertThat(total).isEqualTo(manifest.getCounts().getRowsWritten());
        return rows;
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
