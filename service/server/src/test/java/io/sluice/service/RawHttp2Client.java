package io.sluice.service;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plaintext HTTP/2 client that writes frames by hand, for tests of what a misbehaving peer can do that a gRPC
 * client never would (open streams and reset them at once, open more streams than the server allows). Frames the
 * server sends are read on a background thread and handed out in order.
 */
final class RawHttp2Client implements AutoCloseable {

    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int GOAWAY = 0x7;
    static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    static final int CANCEL = 0x8;
    static final int REFUSED_STREAM = 0x7;
    static final int ENHANCE_YOUR_CALM = 0xb;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int END_HEADERS = 0x4;
    private static final int ACK = 0x1;

    /** A frame as received: its type, flags, stream and payload. */
    record Frame(int type, int flags, int streamId, byte[] payload) {

        int errorCode() {
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            // GOAWAY carries the last stream id before its error code; RST_STREAM only the error code.
            return type == GOAWAY ? buffer.getInt(4) : buffer.getInt(0);
        }
    }

    /** Marks the end of the connection in the queue of received frames. */
    private static final Frame CLOSED = new Frame(-1, 0, 0, new byte[0]);

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final byte[] headerBlock;
    private int nextStreamId = 1;

    RawHttp2Client(int port, String path) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        out = socket.getOutputStream();
        headerBlock = literalHeaders(Map.of(":method", "POST", ":scheme", "http", ":path", path,
                ":authority", "127.0.0.1", "content-type", "application/grpc", "te", "trailers"));
        Thread reader = new Thread(this::readFrames, "raw-http2-reader");
        reader.setDaemon(true);
        reader.start();
        out.write(PREFACE);
        writeFrame(SETTINGS, 0, 0, new byte[0]);
    }

    /** The server's first SETTINGS frame, acknowledged, as (identifier -> value). */
    Map<Integer, Integer> serverSettings() throws IOException, InterruptedException {
        Frame settings = awaitFrame(f -> f.type() == SETTINGS && (f.flags() & ACK) == 0, 5)
                .orElseThrow(() -> new AssertionError("the server sent no SETTINGS frame"));
        writeFrame(SETTINGS, ACK, 0, new byte[0]);
        ByteBuffer entries = ByteBuffer.wrap(settings.payload());
        Map<Integer, Integer> values = new HashMap<>();
        while (entries.remaining() >= 6) {
            values.put(entries.getShort() & 0xffff, entries.getInt());
        }
        return values;
    }

    /** Opens a stream to the path given at construction: its headers, without ending the stream. */
    int openStream() throws IOException {
        int id = nextStreamId;
        nextStreamId += 2;
        writeFrame(HEADERS, END_HEADERS, id, headerBlock);
        return id;
    }

    void resetStream(int streamId) throws IOException {
        writeFrame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(CANCEL).array());
    }

    /** The next received frame that {@code wanted} accepts, skipping others; empty on close or timeout. */
    Optional<Frame> awaitFrame(Predicate<Frame> wanted, int timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            Frame frame = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame == null || frame == CLOSED) {
                return Optional.empty();
            }
            if (wanted.test(frame)) {
                return Optional.of(frame);
            }
        }
    }

    private synchronized void writeFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
        byte[] header = ByteBuffer.allocate(9)
                .put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
                .put((byte) type).put((byte) flags).putInt(streamId & 0x7fffffff).array();
        out.write(header);
        out.write(payload);
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int streamId = in.readInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                received.add(new Frame(type, flags, streamId, payload));
            }
        } catch (EOFException | SocketTimeoutException e) {
            // The server closed the connection.
        } catch (IOException e) {
            // Reset by the server, or closed by this client.
        } finally {
            received.add(CLOSED);
        }
    }

    /** An HPACK header block of literal fields without indexing, names and values not Huffman-coded. */
    private static byte[] literalHeaders(Map<String, String> headers) {
        ByteBuffer block = ByteBuffer.allocate(512);
        // Pseudo-headers must come first.
        headers.entrySet().stream()
                .sorted((a, b) -> Boolean.compare(!a.getKey().startsWith(":"), !b.getKey().startsWith(":")))
                .forEach(h -> {
                    block.put((byte) 0);
                    putString(block, h.getKey());
                    putString(block, h.getValue());
                });
        byte[] bytes = new byte[block.position()];
        block.flip().get(bytes);
        return bytes;
    }

    private static void putString(ByteBuffer block, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= 127) {
            throw new IllegalArgumentException("only short header strings are supported: " + value);
        }
        block.put((byte) bytes.length).put(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
