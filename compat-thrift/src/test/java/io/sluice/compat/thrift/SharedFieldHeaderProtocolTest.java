package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import com.aik.filterapi.BidRequest;
import java.util.Arrays;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;

/** The endpoint's wire protocol reads what a standard binary-protocol client writes, field for field. */
class SharedFieldHeaderProtocolTest {

    private static TProtocol reading(TMemoryBuffer written) throws TException {
        byte[] bytes = Arrays.copyOf(written.getArray(), written.length());
        return SharedFieldHeaderProtocol.factory(1 << 20, 1 << 10).getProtocol(new TMemoryInputTransport(bytes));
    }

    @Test
    void aLegacyRequestReadsBackEqualToWhatWasWritten() throws TException {
        BidRequest sent = new BidRequest().setBidId("b1").setAdvertiserId("3358").setDayOfWeek(3).setHour("07")
                .setUserAgent("Mozilla/5.0").setBiddingPrice(300).setDeviceTypeId(1);
        TMemoryBuffer written = new TMemoryBuffer(256);
        sent.write(new TBinaryProtocol(written));

        BidRequest read = new BidRequest();
        read.read(reading(written));

        assertThat(read).isEqualTo(sent);
    }

    @Test
    void fieldHeadersOutsideTheSharedRangeReadAsWritten() throws TException {
        TMemoryBuffer written = new TMemoryBuffer(64);
        TBinaryProtocol out = new TBinaryProtocol(written);
        out.writeStructBegin(new TStruct("s"));
        out.writeFieldBegin(new TField("", TType.I32, (short) 3));
        out.writeI32(1);
        out.writeFieldBegin(new TField("", TType.I64, (short) 1000));
        out.writeI64(2);
        out.writeFieldBegin(new TField("", TType.I16, (short) -5));
        out.writeI16((short) 3);
        out.writeFieldStop();

        TProtocol in = reading(written);
        TField small = in.readFieldBegin();
        in.readI32();
        TField large = in.readFieldBegin();
        in.readI64();
        TField negative = in.readFieldBegin();
        in.readI16();
        TField stop = in.readFieldBegin();

        assertThat(new short[] {small.id, large.id, negative.id}).containsExactly(3, 1000, -5);
        assertThat(new byte[] {small.type, large.type, negative.type, stop.type})
                .containsExactly(TType.I32, TType.I64, TType.I16, TType.STOP);
    }
}
