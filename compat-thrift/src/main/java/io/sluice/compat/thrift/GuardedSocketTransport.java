package io.sluice.compat.thrift;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * One accepted legacy connection, with the bound libthrift's socket transport lacks: a whole message may not exceed
 * {@code thrift.max-message-size}. libthrift only checks declared string and container lengths against that
 * limit, so a message of many small fields (unknown ones are skipped) could be megabytes long.
 *
 * <p>A message starts with the first byte read after the previous answer was flushed, and ends when its answer is
 * flushed: every method of the legacy contract has an answer (none is oneway), and a refused call is answered with
 * an exception. Only the connection's worker thread reads and writes; the byte count is its own.
 */
final class GuardedSocketTransport extends TTransport {

    /**
     * What every connection shares: its bounds and the counters of connections cut for exceeding them.
     *
     * @param maxMessageBytes largest accepted message
     * @param oversized       connections closed because a message exceeded {@code maxMessageBytes}
     */
    record Limits(int maxMessageBytes, LongAdder oversized) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final TConfiguration configuration;
    private final Limits limits;
    /** Whether the bytes read since the last flushed answer belong to a message (worker thread only). */
    private boolean inMessage;
    /** Bytes of the current message read so far (worker thread only). */
    private long messageBytes;

    GuardedSocketTransport(TSocket accepted, Limits limits) throws TTransportException {
        this.socket = accepted.getSocket();
        this.limits = limits;
        this.configuration = accepted.getConfiguration();
        configuration.setMaxMessageSize(limits.maxMessageBytes());
        configuration.setMaxFrameSize(limits.maxMessageBytes());
        try {
            // Own buffers on the raw socket: TSocket's were created by accept() but have not read anything yet.
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            closeSocket();
            throw new TTransportException(TTransportException.NOT_OPEN, e);
        }
    }

    /** The client's address, for log lines. */
    SocketAddress peer() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public int read(byte[] buf, int off, int len) throws TTransportException {
        int read;
        try {
            read = in.read(buf, off, len);
        } catch (SocketTimeoutException e) {
            throw new TTransportException(TTransportException.TIMED_OUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new TTransportException(TTransportException.UNKNOWN, e);
        }
        if (read < 0) {
            throw new TTransportException(TTransportException.END_OF_FILE, "Socket is closed by peer.");
        }
        if (!inMessage) {
            inMessage = true;
            messageBytes = 0;
        }
        messageBytes += read;
        if (messageBytes > limits.maxMessageBytes()) {
            throw oversized();
        }
        return read;
    }

    /** Called by the protocol before it reads a string or container of {@code numBytes}: refuses it unread. */
    @Override
    public void checkReadBytesAvailable(long numBytes) throws TTransportException {
        if (numBytes > limits.maxMessageBytes() - messageBytes) {
            throw oversized();
        }
    }

    private TTransportException oversized() {
        limits.oversized().increment();
        // END_OF_FILE: libthrift and MalformedMessageGuard close the connection without a log line; it is counted.
        return new TTransportException(TTransportException.END_OF_FILE,
                "legacy message larger than thrift.max-message-size (" + limits.maxMessageBytes() + " bytes)");
    }

    @Override
    public void write(byte[] buf, int off, int len) throws TTransportException {
        try {
            out.write(buf, off, len);
        } catch (IOException e) {
            throw new TTransportException(TTransportException.UNKNOWN, e);
        }
    }

    @Override
    public void flush() throws TTransportException {
        try {
            out.flush();
        } catch (IOException e) {
            throw new TTransportException(TTransportException.UNKNOWN, e);
        }
        // The answer is out: the next byte read starts the next message.
        inMessage = false;
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void open() throws TTransportException {
        throw new TTransportException(TTransportException.ALREADY_OPEN, "accepted connections are open");
    }

    @Override
    public void close() {
        closeSocket();
    }

    /**
     * Closes the raw socket only. Closing the buffered streams first (as TSocket does) would flush unsent bytes to
     * a client that may not be reading, and log a warning when that fails.
     */
    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public TConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public void updateKnownMessageSize(long size) {
        // Only framed transports know a message's size in advance; this one counts bytes as they arrive.
    }
}
