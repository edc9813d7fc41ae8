package io.sluice.compat.thrift;

import java.net.SocketException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose bytes are not a readable legacy message, counts it, and says so in a
 * {@link ThrottledWarning}. Left alone, libthrift logs every such connection at ERROR with a stack trace (and a
 * NullPointerException for a string length of -1), so a client sending garbage could fill the disk with log lines.
 */
final class MalformedMessageGuard implements TProcessor {

    private final TProcessor delegate;
    private final LongAdder malformed;
    private final ThrottledWarning warning = new ThrottledWarning(LoggerFactory.getLogger(MalformedMessageGuard.class),
            "closed {} legacy connection(s) sending malformed messages since the last report; latest from {}: {}");

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
        warning.occurred(peer(in), e.toString());
        // END_OF_FILE is the one failure libthrift closes silently.
        return new TTransportException(TTransportException.END_OF_FILE, "malformed legacy message", e);
    }

    private static Object peer(TProtocol in) {
        return in.getTransport() instanceof GuardedSocketTransport connection ? connection.peer() : "an unknown peer";
    }
}
