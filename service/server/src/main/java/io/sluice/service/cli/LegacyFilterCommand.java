package io.sluice.service.cli;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import java.util.concurrent.Callable;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice legacy-filter}: calls the legacy Thrift endpoint exactly as deployed auction servers do. */
@Command(name = "legacy-filter", mixinStandardHelpOptions = true,
        description = "Call BidRequestFilter.filter over TBinaryProtocol on a plain socket (the legacy contract) "
                + "and print likelihoodToBid. Exits 1 with the server's message on error.")
public final class LegacyFilterCommand implements Callable<Integer>, ServerClient {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "9090", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--advertiser", required = true, description = "advertiserId: the partner to score.")
    String advertiser;

    @Option(names = "--day-of-week", defaultValue = "1", description = "dayOfWeek (default: ${DEFAULT-VALUE}).")
    int dayOfWeek;

    @Option(names = "--hour", defaultValue = "14", description = "hour, \"00\"..\"23\" (default: ${DEFAULT-VALUE}).")
    String hour;

    @Option(names = "--region", defaultValue = "94", description = "regionId (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--city", defaultValue = "95", description = "cityId (default: ${DEFAULT-VALUE}).")
    String city;

    @Option(names = "--domain", defaultValue = "news.example.com", description = "domainId (default: ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--floor-fen", defaultValue = "0", description = "biddingPrice in fen CPM (default: ${DEFAULT-VALUE}).")
    long floorFen;

    @Option(names = "--user-agent", defaultValue = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            description = "userAgent (default: ${DEFAULT-VALUE}).")
    String userAgent;

    @Option(names = "--device-type-id", defaultValue = "3", description = "deviceTypeId, the caller's own category "
            + "of the user agent: 0 smartphone, 1 mobilephone, 2 appliance, 3 pc, 4 crawler, 5 misc, 6 none; read "
            + "only when the user agent is empty, as the legacy client sends it (--user-agent '') "
            + "(default: ${DEFAULT-VALUE}, the default user agent's).")
    int deviceTypeId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BidRequest request = new BidRequest();
        request.setBidId("cli-" + System.nanoTime());
        request.setDayOfWeek(dayOfWeek);
        request.setHour(hour);
        request.setRegionId(region);
        request.setCityId(city);
        request.setDomainId(domain);
        request.setAdvertiserId(advertiser);
        request.setBiddingPrice(floorFen);
        request.setUserAgent(userAgent);
        request.setDeviceTypeId(deviceTypeId);
        TSocket socket = new TSocket(host, port, 5_000);
        // A TTransportException (nothing listening, connection dropped) becomes one line naming the address and
        // exit 1 in SluiceCommandLine's handler.
        socket.open();
        try {
            double likelihood = new BidRequestFilter.Client(new TBinaryProtocol(socket)).filter(request)
                    .getLikelihoodToBid();
            spec.commandLine().getOut().println(likelihood);
            return 0;
        } catch (TApplicationException e) {
            spec.commandLine().getErr().println("sluice legacy-filter: " + e.getMessage());
            return 1;
        } finally {
            socket.close();
        }
    }

    @Override
    public String serverAddress() {
        return host + ":" + port;
    }

    @Override
    public String addressOptions() {
        return "--host and --port set the address";
    }
}
