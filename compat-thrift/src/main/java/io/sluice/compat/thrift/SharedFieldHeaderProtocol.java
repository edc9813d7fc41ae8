package io.sluice.compat.thrift;

import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TTransport;

/**
 * {@code TBinaryProtocol} that reads each field header into a shared {@link TField} instead of a new one. A header
 * is immutable (its name is always empty on the binary protocol's wire), and a legacy {@code filter} call has a
 * dozen fields, so this saves a dozen objects per call; field ids outside the shared range get a new header.
 */
final class SharedFieldHeaderProtocol extends TBinaryProtocol {

    private static final int SHARED_TYPES = 32;
    private static final int SHARED_IDS = 64;
    private static final TField STOP = new TField("", TType.STOP, (short) 0);
    private static final TField[][] HEADERS = new TField[SHARED_TYPES][SHARED_IDS];

    static {
        for (int type = 0; type < SHARED_TYPES; type++) {
            for (int id = 0; id < SHARED_IDS; id++) {
                HEADERS[type][id] = new TField("", (byte) type, (short) id);
            }
        }
    }

    private SharedFieldHeaderProtocol(TTransport transport, long maxStringBytes, long maxContainerLength) {
        super(transport, maxStringBytes, maxContainerLength, false, true);
    }

    /** Non-strict reads and strict writes, as the legacy clients speak, within the given limits. */
    static TProtocolFactory factory(long maxStringBytes, long maxContainerLength) {
        return transport -> new SharedFieldHeaderProtocol(transport, maxStringBytes, maxContainerLength);
    }

    @Override
    public TField readFieldBegin() throws TException {
        byte type = readByte();
        if (type == TType.STOP) {
            return STOP;
        }
        short id = readI16();
        return type >= 0 && type < SHARED_TYPES && id >= 0 && id < SHARED_IDS ? HEADERS[type][id]
                : new TField("", type, id);
    }
}
