import com.aik.filterapi.BidRequestFilter;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;

/**
 * A short local load run against a running `sluice serve` (gRPC 50051, Thrift 9090, admin 9464 on loopback) that
 * records the sluice_* lines of /metrics every few seconds, for the CloudWatch dashboard rendering
 * (k8s-or-ecs/README.md, "Dashboards and alarms"). Phases: steady traffic; a burst with expired and invalid calls;
 * the model store pointed at a missing version (a refused load); stricter thresholds (the send share drops).
 * Run: java -cp service/cli/target/sluice.jar load-test-k6/dashboard/RecordMetrics.java STORE_DIR OUT_FILE
 */
public class RecordMetrics {

    static final List<String> PARTNERS = List.of("3358", "1458", "2259");
    static final List<String> DOMAINS = List.of("news.example.com", "video.example.net", "games.example.org",
            "mail.example.com", "shop.example.cn");
    static final int SECONDS = 90;
    static final int SCRAPE_EVERY_SECONDS = 5;
    static final int STORE_BROKEN_AT_SECONDS = 50;

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        AtomicBoolean running = new AtomicBoolean(true);
        long start = System.nanoTime();
        ManagedChannel channel = ManagedChannelBuilder.forTarget("127.0.0.1:50051").usePlaintext().build();
        List<Thread> load = List.of(
                started(() -> grpc(channel, running, start, 1)),
                started(() -> grpc(channel, running, start, 2)),
                started(() -> thrift(running, start)));
        HttpClient http = HttpClient.newHttpClient();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
            for (int t = 0; t <= SECONDS; t += SCRAPE_EVERY_SECONDS) {
                long wait = start + TimeUnit.SECONDS.toNanos(t) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000);
                }
                if (t == STORE_BROKEN_AT_SECONDS) {
                    Files.writeString(store.resolve("CURRENT"), "missing-version\n");
                }
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9464/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                out.println("# scrape " + t);
                // Only what the dashboard draws, without the scope label every series carries: a small file.
                body.lines().filter(l -> l.startsWith("sluice_") && !l.contains("_sum{")
                                && !l.startsWith("sluice_partner_likelihood_bucket") && !l.startsWith("sluice_batch_size")
                                && !l.startsWith("sluice_thrift_") && !l.startsWith("sluice_executor_"))
                        .map(l -> l.replace("otel_scope_name=\"io.sluice.service\",", "")
                                .replace(",otel_scope_name=\"io.sluice.service\"", "")
                                .replace("{otel_scope_name=\"io.sluice.service\"}", ""))
                        .forEach(out::println);
            }
        }
        running.set(false);
        for (Thread thread : load) {
            thread.join();
        }
        channel.shutdownNow();
    }

    static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static void grpc(ManagedChannel channel, AtomicBoolean running, long start, int seed) {
        Random random = new Random(seed);
        ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(channel);
        long i = 0;
        while (running.get()) {
            double t = elapsed(start);
            boolean burst = t >= 30 && t < 45;
            ScoreRequest.Builder request = ScoreRequest.newBuilder()
                    .setBidRequest(bidRequest(random, "g" + seed + "-" + i++, burst && random.nextInt(20) == 0))
                    .addAllPartnerIds(PARTNERS)
                    .setArrivalTime(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000));
            if (t >= 65) {
                request.putThresholds("3358", 0.9).putThresholds("1458", 0.9);
            }
            if (burst && random.nextInt(30) == 0) {
                request.addPartnerIds("9999");
            }
            try {
                scorer.withDeadlineAfter(2, TimeUnit.SECONDS).score(request.build());
            } catch (RuntimeException refused) {
                // Expired and invalid calls are part of the run: the dashboard shows them.
            }
            pause(burst ? 1 : 4);
        }
    }

    static io.sluice.api.v1.BidRequest bidRequest(Random random, String id, boolean expired) {
        var request = io.sluice.api.v1.BidRequest.newBuilder()
                .setId(id)
                .addImp(io.sluice.api.v1.Imp.newBuilder().setId("1").setTagid("mm_" + random.nextInt(50) + "_1")
                        .setBidfloorMicros(1_000_000L * random.nextInt(10)).setBidfloorcur("CNY")
                        .setBanner(io.sluice.api.v1.Banner.newBuilder().setW(300).setH(250).setPos(1)))
                .setSite(io.sluice.api.v1.Site.newBuilder().setDomain(DOMAINS.get(random.nextInt(DOMAINS.size()))))
                .setDevice(io.sluice.api.v1.Device.newBuilder().setUa("Mozilla/5.0 (iPhone) Mobile/15E148")
                        .setGeo(io.sluice.api.v1.Geo.newBuilder().setRegion(String.valueOf(random.nextInt(400)))
                                .setCity(String.valueOf(random.nextInt(400))).setUtcoffset(480)));
        if (expired) {
            request.setTmax(1);
        }
        return request.build();
    }

    static void thrift(AtomicBoolean running, long start) {
        Random random = new Random(3);
        try (TSocket socket = new TSocket("127.0.0.1", 9090, 10_000)) {
            socket.open();
            BidRequestFilter.Client legacy = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            while (running.get()) {
                com.aik.filterapi.BidRequest request = new com.aik.filterapi.BidRequest();
                request.setBidId("legacy");
                request.setDayOfWeek(random.nextInt(7));
                request.setHour(String.valueOf(random.nextInt(24)));
                request.setRegionId(String.valueOf(random.nextInt(400)));
                request.setCityId(String.valueOf(random.nextInt(400)));
                request.setDomainId(DOMAINS.get(random.nextInt(DOMAINS.size())));
                request.setAdvertiserId(PARTNERS.get(random.nextInt(PARTNERS.size())));
                request.setBiddingPrice(300);
                request.setPayingPrice(77);
                request.setUserAgent("Mozilla/5.0 (iPhone) Mobile/15E148");
                request.setDeviceTypeId(0);
                legacy.filter(request);
                pause(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
