package io.sluice.bench;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * The legacy {@code filter} call over TBinaryProtocol on plain sockets, as deployed clients make it. A Thrift
 * client blocks per call, so a fixed set of connections, each with its own thread, takes requests from one bounded
 * queue in send order; a request waiting in that queue is still timed from its intended send time.
 *
 * <p>Thrift carries no deadline, so the server cannot tell a stale call from a fresh one: a request that waited
 * longer than {@code maxWait} for a connection is not sent, and the caller fails open (counted as
 * {@value #FAILED_OPEN}), as the README's fail-open advice asks of a caller with a time budget. Without that, an
 * overloaded server answers only requests that are already late, whatever it does.
 */
public final class ThriftLoad implements LoadProtocol {

    /** How a request the caller gave up on before sending it is counted. */
    public static final String FAILED_OPEN = "CALLER_FAILED_OPEN";
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;

    private final String host;
    private final int port;
    private final List<BidRequest> requests;
    private final long maxWaitNanos;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();

    /**
     * Opens {@code connections} connections; the queue holds at most {@code maxQueued} unsent requests, and a request
     * is sent only if it waited at most {@code maxWait} for a connection.
     */
    public ThriftLoad(String host, int port, int connections, int maxQueued, Duration maxWait,
                      List<BidRequest> requests) throws TTransportException {
        this.host = host;
        this.port = port;
        this.requests = requests;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        for (int i = 0; i < connections; i++) {
            Connection connection = new Connection();
            Thread worker = new Thread(connection::serve, "thrift-load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    @Override
    public String name() {
        return "thrift";
    }

    @Override
    public Sender begin(StepRecorder recorder) {
        return new Sender() {
            @Override
            public void send(long intendedNanos) {
                // Never blocks: the generator keeps at most maxQueued requests outstanding.
                if (!queue.offer(new Pending(intendedNanos, recorder))) {
                    recorder.failed("GENERATOR_QUEUE_FULL");
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        workers.forEach(Thread::interrupt);
    }

    /** A request waiting for a free connection, and the step it belongs to. */
    private record Pending(long intendedNanos, StepRecorder recorder) {
    }

    /** One connection and the thread that owns it; reconnects after a transport error. */
    private final class Connection {

        private TSocket socket;
        private BidRequestFilter.Client client;

        Connection() throws TTransportException {
            connect();
        }

        private void connect() throws TTransportException {
            socket = new TSocket(host, port, SOCKET_TIMEOUT_MILLIS);
            socket.open();
            client = new BidRequestFilter.Client(new TBinaryProtocol(socket));
        }

        void serve() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Pending pending = queue.take();
                    if (pending.recorder().ended()) {
                        pending.recorder().failed("STEP_ENDED");
                        continue;
                    }
                    if (System.nanoTime() - pending.intendedNanos() > maxWaitNanos) {
                        pending.recorder().failed(FAILED_OPEN);
                        continue;
                    }
                    call(pending);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                socket.close();
            }
        }

        private void call(Pending pending) throws InterruptedException {
            BidRequest request = requests.get((int) (next.getAndIncrement() % requests.size()));
            try {
                client.filter(request);
                pending.recorder().succeeded(pending.intendedNanos());
            } catch (TApplicationException e) {
                String message = String.valueOf(e.getMessage());
                int colon = message.indexOf(':');
                pending.recorder().failed(colon > 0 ? message.substring(0, colon) : "APPLICATION_ERROR",
                        pending.intendedNanos());
            } catch (TException e) {
                pending.recorder().failed("TRANSPORT_ERROR");
                socket.close();
                reconnect();
            }
        }

        private void reconnect() throws InterruptedException {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    connect();
                    return;
                } catch (TTransportException e) {
                    Thread.sleep(100);
                }
            }
        }
    }
}
