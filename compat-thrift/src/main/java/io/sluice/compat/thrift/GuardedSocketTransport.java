package io.sluice.compat.thrift;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * One accepted legacy connection, with the bounds libthrift's socket transport lacks:
 * <ul>
 *   <li>a whole message may not exceed {@code thrift.max-message-size} (libthrift only checks declared string and
 *       container lengths, so a message of many small fields, unknown ones skipped, could run to megabytes);</li>
 *   <li>a message must arrive whole within {@code thrift.message-read-timeout} of its first byte. The idle timeout
 *       alone restarts with every byte, so a client dripping a byte just inside it held a worker forever.</li>
 * </ul>
 * It also records when the connection last completed a message, which decides evictions ({@link ConnectionPool});
 * since when a write has been blocked, which the {@link WriteWatchdog} bounds; and whether the connection is idle
 * between calls, with nothing received, which is when a drain may close it ({@link ConnectionTable#drain()}).
 *
 * <p>A message starts with the first byte read after the previous answer was flushed, and ends when its answer is
 * flushed: every method of the legacy contract has an answer (none is oneway), and a refused call is answered with
 * an exception. Only the connection's worker thread reads and writes; other threads only look at the volatile
 * fields and may close the socket.
 */
final class GuardedSocketTransport extends TTransport {

    /**
     * The bounds every connection shares.
     *
     * @param maxMessageBytes    largest accepted message
     * @param idleTimeout        longest wait for the first byte of a message, and for any one read
     * @param messageReadTimeout longest time from a message's first byte to its last
     */
    record Limits(int maxMessageBytes, Duration idleTimeout, Duration messageReadTimeout) {
    }

    /** Between calls with nothing received: the worker waits for the first byte of the next message. */
    private static final int IDLE = 0;
    /** A message has begun arriving, or is being handled or answered. */
    private static final int BUSY = 1;
    private static final int CLOSED = 2;
    private static final long NEVER = Long.MIN_VALUE;
    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final TConfiguration configuration;
    private final int maxMessageBytes;
    private final int idleTimeoutMillis;
    private final long messageReadTimeoutNanos;
    private final ConnectionTable table;
    private final ConnectionCounters counters;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final long acceptedNanos = System.nanoTime();

    // The worker thread's own state.
    /** Whether the bytes read since the last flushed answer belong to a message. */
    private boolean inMessage;
    /** Bytes of the current message read so far. */
    private long messageBytes;
    /** When the current message must have arrived whole. */
    private long messageDeadlineNanos;
    /** The SO_TIMEOUT last set, to skip setting it again. */
    private int soTimeoutMillis = -1;

    // Read by the acceptor when it looks for a connection to evict, and by the write watchdog.
    private volatile boolean holdsWorker;
    private volatile long lastAnsweredNanos = NEVER;
    private volatile long writingSinceNanos = NOT_WRITING;

    GuardedSocketTransport(TSocket accepted, Limits limits, ConnectionTable table, ConnectionCounters counters)
            throws TTransportException {
        this.socket = accepted.getSocket();
        this.maxMessageBytes = limits.maxMessageBytes();
        this.idleTimeoutMillis = (int) limits.idleTimeout().toMillis();
        this.messageReadTimeoutNanos = limits.messageReadTimeout().toNanos();
        this.table = table;
        this.counters = counters;
        this.configuration = accepted.getConfiguration();
        configuration.setMaxMessageSize(maxMessageBytes);
        configuration.setMaxFrameSize(maxMessageBytes);
        try {
            // Own buffers on the raw socket: TSocket's were created by accept() but have not read anything yet.
            this.in = new BufferedInputStream(new DeadlineInput(socket.getInputStream()));
            this.out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            abort();
            throw new TTransportException(TTransportException.NOT_OPEN, e);
        }
    }

    /** The client's address, for log lines. */
    SocketAddress peer() {
        return socket.getRemoteSocketAddress();
    }

    /** Whether a worker thread serves this connection (one that is merely accepted holds none yet). */
    boolean holdsWorker() {
        return holdsWorker;
    }

    /** Whether a message was answered on this connection less than {@code windowNanos} before {@code now}. */
    boolean completedMessageWithin(long now, long windowNanos) {
        long answered = lastAnsweredNanos;
        return answered != NEVER && now - answered < windowNanos;
    }

    /** When this connection last made progress: its last answered message, or its accept. */
    long progressNanos() {
        long answered = lastAnsweredNanos;
        return answered != NEVER ? answered : acceptedNanos;
    }

    /** Whether a write on this connection began more than {@code limitNanos} before {@code now} and has not ended. */
    boolean writingLongerThan(long now, long limitNanos) {
        long since = writingSinceNanos;
        return since != NOT_WRITING && now - since > limitNanos;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws TTransportException {
        boolean idle = !inMessage && awaitMessage();
        int read;
        try {
            read = in.read(buf, off, len);
        } catch (SocketTimeoutException e) {
            // TIMED_OUT: libthrift and MalformedMessageGuard close the connection without a log line.
            throw new TTransportException(TTransportException.TIMED_OUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new TTransportException(TTransportException.UNKNOWN, e);
        }
        if (read < 0) {
            throw new TTransportException(TTransportException.END_OF_FILE, "Socket is closed by peer.");
        }
        if (idle && !state.compareAndSet(IDLE, BUSY)) {
            // A drain closed the connection as the message began to arrive: the client sees the connection close
            // before its call was read, as if it had arrived a moment later.
            throw new TTransportException(TTransportException.END_OF_FILE, "legacy endpoint stopping");
        }
        if (!inMessage) {
            inMessage = true;
            messageBytes = 0;
            messageDeadlineNanos = System.nanoTime() + messageReadTimeoutNanos;
        }
        messageBytes += read;
        if (messageBytes > maxMessageBytes) {
            throw oversized();
        }
        return read;
    }

    /**
     * Before the first read of a message. A call already received (pipelined behind the previous one) is read and
     * answered even while draining; with nothing received the connection is idle, and a drain closes it.
     *
     * @return whether the connection was idle (the read that follows waits for the client)
     */
    private boolean awaitMessage() throws TTransportException {
        holdsWorker = true;
        int received;
        try {
            received = in.available();
        } catch (IOException e) {
            throw new TTransportException(TTransportException.END_OF_FILE, e.getMessage(), e);
        }
        if (received > 0) {
            if (!state.compareAndSet(IDLE, BUSY) && state.get() == CLOSED) {
                throw new TTransportException(TTransportException.END_OF_FILE, "legacy connection closed");
            }
            return false;
        }
        // Idle first, then look at the drain flag; ConnectionTable.drain() sets the flag, then closes idle
        // connections. Either this thread sees the flag or the drain sees this connection idle.
        if (!state.compareAndSet(BUSY, IDLE) && state.get() == CLOSED) {
            throw new TTransportException(TTransportException.END_OF_FILE, "legacy connection closed");
        }
        if (table.draining()) {
            abort();
            throw new TTransportException(TTransportException.END_OF_FILE, "legacy endpoint stopping");
        }
        return true;
    }

    /** Closes the connection if it is idle between calls (a drain); a busy one closes once it is idle. */
    void closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            closeSocket();
        }
    }

    /** Called by the protocol before it reads a string or container of {@code numBytes}: refuses it unread. */
    @Override
    public void checkReadBytesAvailable(long numBytes) throws TTransportException {
        if (numBytes > maxMessageBytes - messageBytes) {
            throw oversized();
        }
    }

    private TTransportException oversized() {
        counters.oversizedMessages.increment();
        // END_OF_FILE: libthrift and MalformedMessageGuard close the connection without a log line; it is counted.
        return new TTransportException(TTransportException.END_OF_FILE,
                "legacy message larger than thrift.max-message-size (" + maxMessageBytes + " bytes)");
    }

    @Override
    public void write(byte[] buf, int off, int len) throws TTransportException {
        // Most writes only fill the buffer; one that fills it writes to the socket and may block like a flush.
        writingSinceNanos = System.nanoTime();
        try {
            out.write(buf, off, len);
        } catch (IOException e) {
            throw new TTransportException(TTransportException.UNKNOWN, e);
        } finally {
            writingSinceNanos = NOT_WRITING;
        }
    }

    @Override
    public void flush() throws TTransportException {
        // Noted before the answer leaves: once the client has it, it may open another connection at once, and that
        // one must not find this connection unprotected (ConnectionPool).
        long now = System.nanoTime();
        lastAnsweredNanos = now;
        writingSinceNanos = now;
        try {
            out.flush();
        } catch (IOException e) {
            throw new TTransportException(TTransportException.UNKNOWN, e);
        } finally {
            writingSinceNanos = NOT_WRITING;
        }
        // The answer is out: the next byte read starts the next message.
        inMessage = false;
    }

    @Override
    public boolean isOpen() {
        return state.get() != CLOSED;
    }

    @Override
    public void open() throws TTransportException {
        throw new TTransportException(TTransportException.ALREADY_OPEN, "accepted connections are open");
    }

    /** Closes the connection for good (libthrift calls this when the worker ends or the connection is refused). */
    @Override
    public void close() {
        abort();
        table.remove(this);
    }

    /**
     * Closes the socket from any thread, which ends a read or write blocked on it with an exception; the worker then
     * closes the connection. Only the raw socket is closed: closing the buffered streams (as TSocket does) would flush
     * unsent bytes to a client that may not be reading, and log a warning when that fails.
     *
     * @return whether this call closed it (false if it was closed already)
     */
    boolean abort() {
        if (state.getAndSet(CLOSED) == CLOSED) {
            return false;
        }
        closeSocket();
        return true;
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed anyway
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

    /**
     * The socket's input. The buffer above it reads from it only when empty, that is right before a read that may
     * block: the place to decide how long that read may block. Between messages that is the idle timeout; inside a
     * message, no longer than what is left of the message's deadline.
     */
    private final class DeadlineInput extends InputStream {

        private final InputStream socketInput;

        DeadlineInput(InputStream socketInput) {
            this.socketInput = socketInput;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int timeoutMillis = idleTimeoutMillis;
            boolean deadlineBound = false;
            if (inMessage) {
                long leftNanos = messageDeadlineNanos - System.nanoTime();
                if (leftNanos <= 0) {
                    throw messageReadTimeout();
                }
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(leftNanos) + 1;
                if (timeoutMillis == 0 || leftMillis < timeoutMillis) {
                    timeoutMillis = (int) leftMillis;
                    deadlineBound = true;
                }
            }
            if (timeoutMillis != soTimeoutMillis) {
                socket.setSoTimeout(timeoutMillis);
                soTimeoutMillis = timeoutMillis;
            }
            try {
                return socketInput.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw deadlineBound ? messageReadTimeout() : e;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int available() throws IOException {
            return socketInput.available();
        }

        private SocketTimeoutException messageReadTimeout() {
            counters.messageReadTimeouts.increment();
            return new SocketTimeoutException("legacy message not received whole within thrift.message-read-timeout ("
                    + TimeUnit.NANOSECONDS.toMillis(messageReadTimeoutNanos) + " ms)");
        }
    }
}
