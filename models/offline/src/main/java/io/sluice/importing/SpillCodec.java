package io.sluice.importing;

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

    static void writeRequest(DataOutputStream out, RequestRow row) throws IOException {
        byte[] request = row.request().toByteArray();
        out.writeInt(request.length);
        out.write(request);
        out.writeLong(row.arrivalTime().getSeconds());
        out.writeInt(row.arrivalTime().getNanos());
        out.writeBoolean(row.sentToEveryPartner());
        out.writeInt(row.sentTo().size());
        for (String partner : row.sentTo()) {
            out.writeUTF(partner);
            out.writeDouble(row.explorationProbability().getOrDefault(partner, NOT_EXPLORED));
        }
    }

    /** The next request row, or null at the end of the file. */
    static RequestRow readRequest(DataInputStream in) throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        byte[] request = new byte[size];
        in.readFully(request);
        Timestamp arrival = Timestamp.newBuilder().setSeconds(in.readLong()).setNanos(in.readInt()).build();
        boolean everyPartner = in.readBoolean();
        int partners = in.readInt();
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
        BidRequest parsed = BidRequest.parseFrom(request);
        return everyPartner ? RequestRow.sentToEveryPartner(parsed, arrival)
                : RequestRow.sentTo(parsed, arrival, sentTo, explored);
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
}
