package io.sluice.importing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.BidRequest;
import io.sluice.ingest.Outcome;
import io.sluice.ingest.RequestRow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The binary form of request rows and outcomes in the join's temporary bucket files (written and read here only). */
final class SpillCodec {

    private static final double NOT_EXPLORED = Double.NaN;

    private SpillCodec() {
    }

    /** Spills {@code row}, read at line (or record) {@code number} of request input {@code file}. */
    static void writeRequest(DataOutputStream out, RequestRow row, int file, long number) throws IOException {
        writeBytes(out, row.requestId().getBytes(UTF_8));
        writeBytes(out, row.request().toByteArray());
        out.writeInt(file);
        out.writeLong(number);
        out.writeLong(row.arrivalTime().getSeconds());
        out.writeInt(row.arrivalTime().getNanos());
        out.writeBoolean(row.sentToEveryPartner());
        out.writeInt(row.sentTo().size());
        for (String partner : row.sentTo()) {
            out.writeUTF(partner);
            out.writeDouble(row.explorationProbability().getOrDefault(partner, NOT_EXPLORED));
        }
    }

    /**
     * The next spilled request, or null at the end of the file. Its request is not decoded: the join needs only its
     * id, and the row is written with the encoding as spilled.
     */
    static SpilledRequest readRequest(DataInputStream in) throws IOException {
        int idBytes;
        try {
            idBytes = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        BidRequest keyed = BidRequest.newBuilder().setId(new String(readBytes(in, idBytes), UTF_8)).build();
        byte[] request = readBytes(in, in.readInt());
        int file = in.readInt();
        long number = in.readLong();
        Timestamp arrival = Timestamp.newBuilder().setSeconds(in.readLong()).setNanos(in.readInt()).build();
        boolean everyPartner = in.readBoolean();
        int partners = in.readInt();
        if (everyPartner) {
            return new SpilledRequest(RequestRow.sentToEveryPartner(keyed, arrival), request, file, number);
        }
        Set<String> sentTo = new HashSet<>();
        Map<String, Double> explored = new HashMap<>();
        for (int i = 0; i < partners; i++) {
            String partner = in.readUTF();
            double probability = in.readDouble();
            sentTo.add(partner);
            if (!Double.isNaN(probability)) {
                explored.put(partner, probability);
            }
        }
        return new SpilledRequest(RequestRow.sentTo(keyed, arrival, sentTo, explored), request, file, number);
    }

    static void writeOutcome(DataOutputStream out, Outcome outcome) throws IOException {
        out.writeUTF(outcome.requestId());
        out.writeUTF(outcome.partnerId());
        out.writeBoolean(outcome.bid());
        out.writeLong(outcome.priceMicros());
        out.writeLong(outcome.responseTimeMillis());
    }

    /** The next outcome, or null at the end of the file. */
    static Outcome readOutcome(DataInputStream in) throws IOException {
        String requestId;
        try {
            requestId = in.readUTF();
        } catch (EOFException end) {
            return null;
        }
        return new Outcome(requestId, in.readUTF(), in.readBoolean(), in.readLong(), in.readLong());
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
