package io.sluice.legacyclient;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TBase;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;

/**
 * Calls a legacy endpoint as the legacy auction servers do, on their libthrift: one {@code TSocket} with
 * {@code TBinaryProtocol}, unframed, calls in sequence, requests shaped like theirs (no user agent, their own
 * {@code deviceTypeId}). Prints one line per result for the test that runs it in a child JVM.
 */
public final class LegacyClient {

    private static final int TIMEOUT_MILLIS = 30_000;

    private LegacyClient() {
    }

    /** Arguments: host and port of the legacy endpoint. */
    public static void main(String[] args) throws TException {
        System.out.println("libthrift " + TBase.class.getPackage().getImplementationVersion());
        // libthrift 0.15 has no TSocket(host, port, timeout); 0.20 has.
        try (TSocket socket = new TSocket(new TConfiguration(), args[0], Integer.parseInt(args[1]), TIMEOUT_MILLIS)) {
            socket.open();
            BidRequestFilter.Client client = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            for (int deviceTypeId = 0; deviceTypeId <= 6; deviceTypeId++) {
                System.out.println("deviceTypeId " + deviceTypeId + " likelihood "
                        + client.filter(request("3358", deviceTypeId)).getLikelihoodToBid());
            }
            try {
                // The legacy client sends an empty advertiserId when its log has none.
                client.filter(request("", 3));
                System.out.println("no exception");
            } catch (TApplicationException e) {
                System.out.println("exception " + e.getType() + " " + e.getMessage());
            }
            System.out.println("afterwards likelihood " + client.filter(request("3358", 3)).getLikelihoodToBid());
        }
    }

    private static BidRequest request(String advertiserId, int deviceTypeId) {
        BidRequest request = new BidRequest();
        request.setBidId("legacy-015");
        request.setDayOfWeek(2);
        request.setHour("09");
        request.setRegionId("94");
        request.setCityId("95");
        request.setDomainId("news.example.com");
        request.setAdvertiserId(advertiserId);
        request.setBiddingPrice(0);
        request.setPayingPrice(0);
        request.setDeviceTypeId(deviceTypeId);
        return request;
    }
}
