package io.sluice.bench;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;

/**
 * One connection, one call at a time (closed loop): the shape of the legacy system's only published figure
 * (about 3,760 requests/s single-threaded, p99 about 0.7 ms, on its own hardware).
 *
 * @param requests   calls made
 * @param failed     calls that ended in an error
 * @param perSecond  calls per second of wall time
 * @param p50Ms      median call latency
 * @param p99Ms      99th percentile call latency
 * @param p999Ms     99.9th percentile call latency
 */
public record SequentialThriftRun(long requests, long failed, double perSecond, double p50Ms, double p99Ms,
                                  double p999Ms) {

    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;

    /** Makes {@code count} calls back to back on one new connection to {@code host:port}. */
    public static SequentialThriftRun measure(String host, int port, List<BidRequest> requests, int count)
            throws TException {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        long failed = 0;
        try (TSocket socket = new TSocket(host, port, SOCKET_TIMEOUT_MILLIS)) {
            socket.open();
            BidRequestFilter.Client client = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long sent = System.nanoTime();
                try {
                    client.filter(requests.get(i % requests.size()));
                    latency.recordValue(System.nanoTime() - sent);
                } catch (TApplicationException e) {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new SequentialThriftRun(count, failed, count / seconds, latency.getValueAtPercentile(50) / 1e6,
                    latency.getValueAtPercentile(99) / 1e6, latency.getValueAtPercentile(99.9) / 1e6);
        }
    }
}
