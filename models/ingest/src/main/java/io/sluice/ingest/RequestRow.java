package io.sluice.ingest;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.BidRequest;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * One logged bid request, ready to be joined with its outcomes.
 *
 * @param request                 the request as it would be scored
 * @param arrivalTime             when it arrived
 * @param sentToEveryPartner      whether any partner's outcome may label it: the log does not say which partners it
 *                                was sent to (an exchange's OpenRTB log)
 * @param sentTo                  the partners it was sent to when the log says so (a decision record's SEND
 *                                partners, an iPinYou bid's advertiser); empty when {@code sentToEveryPartner}
 * @param explorationProbability  partner -> the probability with which it was sent there only for exploration
 */
public record RequestRow(BidRequest request, Timestamp arrivalTime, boolean sentToEveryPartner, Set<String> sentTo,
                         Map<String, Double> explorationProbability) implements Serializable {

    public RequestRow {
        sentTo = Set.copyOf(sentTo);
        explorationProbability = Map.copyOf(explorationProbability);
        if (sentToEveryPartner && !sentTo.isEmpty()) {
            throw new IllegalArgumentException("a request sent to every partner names none");
        }
        if (!sentTo.containsAll(explorationProbability.keySet())) {
            throw new IllegalArgumentException("exploration sends must be sends: " + explorationProbability.keySet()
                    + " not all in " + sentTo);
        }
    }

    /** A request whose log does not say which partners it went to: any partner's outcome labels it. */
    public static RequestRow sentToEveryPartner(BidRequest request, Timestamp arrivalTime) {
        return new RequestRow(request, arrivalTime, true, Set.of(), Map.of());
    }

    /** A request sent to {@code partners} only, some of them for exploration. */
    public static RequestRow sentTo(BidRequest request, Timestamp arrivalTime, Set<String> partners,
                                    Map<String, Double> explorationProbability) {
        return new RequestRow(request, arrivalTime, false, partners, explorationProbability);
    }

    /** The request id, the join key. */
    public String requestId() {
        return request.getId();
    }

    /** Whether an outcome of {@code partner} may label this request. */
    public boolean wasSentTo(String partner) {
        return sentToEveryPartner || sentTo.contains(partner);
    }
}
