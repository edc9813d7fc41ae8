package io.sluice.compat.thrift;

import com.aik.filterapi.BidRequestFilter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy endpoint: {@code TBinaryProtocol} over a plain (unframed) socket, one thread per connection, exactly
 * what deployed clients speak. Unlike the legacy server it caps connections; closes connections that are idle, whose
 * message does not arrive whole in time, or whose client does not read its answer in time; and bounds every length
 * field and every whole message, so a forged size cannot allocate gigabytes and a message of many small fields
 * cannot run to megabytes. When every connection is taken, the one longest without a completed message makes room
 * for a new one, unless all of them are calling ({@link ConnectionPool}).
 */
public final class LegacyThriftServer {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyThriftServer.class);
    /**
     * How deeply unknown nested fields are skipped. libthrift's default is unbounded, so a message of nested structs
     * could overflow the worker's stack; the legacy contract has no nesting at all. The setting is process-wide.
     */
    static final int MAX_SKIP_DEPTH = 32;
    /** How long stop() waits for workers to end after closing the connections still open at the drain timeout. */
    private static final Duration FORCED_CLOSE_WAIT = Duration.ofSeconds(1);

    private final LegacyThriftConfig config;
    private final ConnectionCounters counters = new ConnectionCounters();
    private final TServerSocket socket;
    private final ConnectionTable table = new ConnectionTable();
    private final ConnectionPool pool;
    private final TServer server;
    private final WriteWatchdog writeWatchdog;
    private Thread serving;

    /** The wire protocol the endpoint reads and writes: the legacy binary protocol within the configured limits. */
    public static TProtocolFactory protocolFactory(LegacyThriftConfig config) {
        return SharedFieldHeaderProtocol.factory(config.maxStringBytes(), config.maxContainerLength());
    }

    public LegacyThriftServer(LegacyThriftConfig config, BidRequestFilter.Iface handler) throws TTransportException {
        TProtocolUtil.setMaxSkipDepth(MAX_SKIP_DEPTH);
        this.config = config;
        this.socket = new TServerSocket(new TServerSocket.ServerSocketTransportArgs()
                .bindAddr(new InetSocketAddress(config.bindAddress(), config.port()))
                .clientTimeout((int) config.idleTimeout().toMillis()));
        this.pool = new ConnectionPool(config.maxConnections(), table, config.messageReadTimeout(),
                counters.evictions);
        GuardedServerSocket listener = new GuardedServerSocket(socket, new GuardedSocketTransport.Limits(
                config.maxMessageBytes(), config.idleTimeout(), config.messageReadTimeout()), table, counters);
        TThreadPoolServer.Args args = new TThreadPoolServer.Args(listener)
                .processor(new MalformedMessageGuard(new BidRequestFilter.Processor<>(handler),
                        counters.malformedMessages))
                .protocolFactory(protocolFactory(config))
                .executorService(pool)
                // stop() drains and then closes what is left; libthrift's own wait only has to outlast that.
                .stopTimeoutVal((int) config.drainTimeout().plus(FORCED_CLOSE_WAIT).toMillis())
                .stopTimeoutUnit(TimeUnit.MILLISECONDS);
        this.server = new TThreadPoolServer(args);
        this.writeWatchdog = new WriteWatchdog(table, config.writeTimeout(), counters.writeTimeouts);
    }

    /** Starts accepting connections on a background thread. */
    public synchronized void start() {
        writeWatchdog.start();
        serving = new Thread(server::serve, "thrift-acceptor");
        serving.setDaemon(true);
        serving.start();
        LOG.info("legacy Thrift endpoint listening on {}:{} (binary protocol, unframed, max {} connections)",
                config.bindAddress(), port(), config.maxConnections());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return socket.getServerSocket().getLocalPort();
    }

    /** Connections closed because their bytes were not a message the legacy contract can read. */
    public long malformedMessages() {
        return counters.malformedMessages.sum();
    }

    /** Connections closed because a message exceeded {@code thrift.max-message-size}. */
    public long oversizedMessages() {
        return counters.oversizedMessages.sum();
    }

    /** Connections closed because a message did not arrive whole within {@code thrift.message-read-timeout}. */
    public long messageReadTimeouts() {
        return counters.messageReadTimeouts.sum();
    }

    /** Connections closed because writing an answer took longer than {@code thrift.write-timeout}. */
    public long writeTimeouts() {
        return counters.writeTimeouts.sum();
    }

    /** Connections closed to give their worker to a new connection while every worker was taken. */
    public long evictions() {
        return counters.evictions.sum();
    }

    /**
     * Stops accepting and drains: connections idle between calls are closed at once; a connection with a call
     * already received is closed once it has answered it (and any call received behind it); whatever is still open
     * after the drain timeout is closed. Returns once every worker has ended, at most about a second after the drain
     * timeout.
     */
    public synchronized void stop() throws InterruptedException {
        server.stop(); // closes the listener; the acceptor then shuts the pool down
        pool.shutdown(); // in case the acceptor never ran
        table.drain();
        if (!pool.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("closing {} legacy connection(s) still busy after the drain timeout ({})", table.closeAll(),
                    config.drainTimeout());
            pool.awaitTermination(FORCED_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (serving != null) {
            serving.join(FORCED_CLOSE_WAIT.toMillis());
        }
        writeWatchdog.close();
    }
}
