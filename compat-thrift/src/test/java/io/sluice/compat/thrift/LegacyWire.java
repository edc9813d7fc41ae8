package io.sluice.compat.thrift;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TSocket;

/** Legacy calls written byte for byte, as attackers and pipelining clients send them, for the connection tests. */
final class LegacyWire {

    /** The message read timeout of the tests' endpoints. */
    static final Duration MESSAGE_READ_TIMEOUT = Duration.ofSeconds(2);
    /** The write timeout of the tests' endpoints. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);

    private LegacyWire() {
    }

    /** The endpoint's settings with the limits of the defaults and the timeouts a test chooses. */
    static LegacyThriftConfig config(int maxConnections, Duration idleTimeout, Duration drainTimeout) {
        return new LegacyThriftConfig("127.0.0.1", 0, maxConnections, idleTimeout, Duration.ofMillis(50), 64 << 10,
                16 << 10, 1024, 0, drainTimeout, MESSAGE_READ_TIMEOUT, WRITE_TIMEOUT, OnErrorPolicy.EXCEPTION);
    }

    /** A {@code filter} call with sequence id 0 (what a fresh {@link BidRequestFilter.Client} expects back). */
    static byte[] filterCall(BidRequest request) throws TException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TProtocol out = new TBinaryProtocol(new TIOStreamTransport(bytes));
        out.writeMessageBegin(new TMessage("filter", TMessageType.CALL, 0));
        new BidRequestFilter.filter_args(request).write(out);
        out.writeMessageEnd();
        return bytes.toByteArray();
    }

    /**
     * A {@code filter} call whose request also carries {@code count} unknown string fields of {@code size} bytes:
     * each field is small enough to pass the string limit and is skipped, but together they make a large message.
     */
    static byte[] filterCallWithUnknownFields(int count, int size) throws TException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(count * (size + 7) + 64);
        TProtocol out = new TBinaryProtocol(new TIOStreamTransport(bytes));
        out.writeMessageBegin(new TMessage("filter", TMessageType.CALL, 0));
        out.writeStructBegin(new TStruct("filter_args"));
        out.writeFieldBegin(new TField("request", TType.STRUCT, (short) 1));
        out.writeStructBegin(new TStruct("BidRequest"));
        out.writeFieldBegin(new TField("bidId", TType.STRING, (short) 1));
        out.writeString("large");
        out.writeFieldEnd();
        byte[] filler = new byte[size];
        Arrays.fill(filler, (byte) 'x');
        for (int i = 0; i < count; i++) {
            out.writeFieldBegin(new TField("", TType.STRING, (short) 1000));
            out.writeBinary(java.nio.ByteBuffer.wrap(filler));
            out.writeFieldEnd();
        }
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeMessageEnd();
        return bytes.toByteArray();
    }

    /**
     * A call to a method the contract does not have, named with {@code nameLength} characters: the server answers
     * it with an exception that repeats the name, so each call makes the server write that many bytes.
     */
    static byte[] unknownMethodCall(int nameLength) throws TException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(nameLength + 32);
        TProtocol out = new TBinaryProtocol(new TIOStreamTransport(bytes));
        out.writeMessageBegin(new TMessage("x".repeat(nameLength), TMessageType.CALL, 0));
        out.writeStructBegin(new TStruct("args"));
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeMessageEnd();
        return bytes.toByteArray();
    }

    /** Reads the answers to calls written on {@code socket} (with sequence id 0), one per {@code recv_filter}. */
    static BidRequestFilter.Client answers(Socket socket) throws TException {
        return new BidRequestFilter.Client(new TBinaryProtocol(new TSocket(socket)));
    }
}
