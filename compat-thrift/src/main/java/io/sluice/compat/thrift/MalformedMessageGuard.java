package io.sluice.compat.thrift;

import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose bytes are not a readable legacy message, counts it, and says so in at most one log line
 * per {@link #LOG_INTERVAL}. Left alone, libthrift logs every such connection at ERROR with a stack trace (and a
 * NullPointerException for a string length of -1), so a client sending garbage could fill the disk with log lines.
 */
final class MalformedMessageGuard implements TProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedMessageGuard.class);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final TProcessor delegate;
    private final LongAdder malformed;
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();

    MalformedMessageGuard(TProcessor delegate, LongAdder malformed) {
        this.delegate = delegate;
        this.malformed = malformed;
    }

    @Override
    public void process(TProtocol in, TProtocol out) throws TException {
        try {
            delegate.process(in, out);
        } catch (TTransportException e) {
            if (e.getType() == TTransportException.END_OF_FILE || e.getType() == TTransportException.TIMED_OUT) {
                // The client went away or went quiet; libthrift closes such connections without logging.
                throw e;
            }
            if (e.getCause() instanceof SocketException) {
                // A reset connection is the client's ordinary way out, not worth a warning with a stack trace.
                throw new TTransportException(TTransportException.END_OF_FILE, e.getMessage(), e);
            }
            throw malformed(e, in);
        } catch (TException | RuntimeException e) {
            throw malformed(e, in);
        }
    }

    private TTransportException malformed(Exception e, TProtocol in) {
        malformed.increment();
        report(e, in);
        // END_OF_FILE is the one failure libthrift closes silently.
        return new TTransportException(TTransportException.END_OF_FILE, "malformed legacy message", e);
    }

    private void report(Exception e, TProtocol in) {
        long count = unlogged.incrementAndGet();
        long due = nextLogNanos.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextLogNanos.compareAndSet(due, now + LOG_INTERVAL.toNanos())) {
            unlogged.addAndGet(-count);
            LOG.warn("closed {} legacy connection(s) sending malformed messages since the last report; latest from "
                    + "{}: {}", count, peer(in), e.toString());
        }
    }

    private static Object peer(TProtocol in) {
        return in.getTransport() instanceof GuardedSocketTransport connection ? connection.peer() : "an unknown peer";
    }
}
