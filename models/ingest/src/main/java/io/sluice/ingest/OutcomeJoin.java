package io.sluice.ingest;

import io.sluice.api.v1.LabeledBidRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Joins one request with every outcome logged for its id into a {@link LabeledBidRequest} with partial labels.
 *
 * <ul>
 *   <li>Only a partner the request was sent to is labelled; an outcome of any other partner is rejected (it cannot
 *       have answered a request it never received: the logs disagree).</li>
 *   <li>The same outcome twice labels once; each extra copy is rejected as a duplicate.</li>
 *   <li>A bid and a no-bid for the same partner label nothing for it; all its outcomes are rejected as
 *       conflicting.</li>
 *   <li>A partner it was sent to with no outcome is unlabelled, or a no-bid as {@link AbsentOutcome} says.</li>
 *   <li>A labelled exploration send keeps its exploration probability.</li>
 * </ul>
 * A request with no labelled partner gives no row.
 */
public final class OutcomeJoin {

    private OutcomeJoin() {
    }

    /** The row {@code request} and {@code outcomes} (all with its request id) make, and the outcomes not used. */
    public static JoinResult join(RequestRow request, Iterable<Outcome> outcomes, AbsentOutcome absent) {
        return join(request, outcomes, absent, LabeledBidRequest.newBuilder().setRequest(request.request()));
    }

    /**
     * As {@link #join}, but the row leaves out the request itself, for a caller that holds the request's encoded
     * bytes and writes them beside the labels ({@link ShardWriter#write(LabeledBidRequest, byte[])}) instead of
     * decoding and encoding it again. Only the request's id and where it was sent are read.
     */
    public static JoinResult labels(RequestRow request, Iterable<Outcome> outcomes, AbsentOutcome absent) {
        return join(request, outcomes, absent, LabeledBidRequest.newBuilder());
    }

    private static JoinResult join(RequestRow request, Iterable<Outcome> outcomes, AbsentOutcome absent,
                                   LabeledBidRequest.Builder row) {
        String requestId = request.requestId();
        Map<String, List<Outcome>> byPartner = new LinkedHashMap<>();
        List<String> rejections = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (!outcome.requestId().equals(requestId)) {
                throw new IllegalArgumentException("outcome of request " + outcome.requestId() + " joined with "
                        + requestId);
            }
            if (!request.wasSentTo(outcome.partnerId())) {
                rejections.add("request " + OutcomeValues.quoted(requestId) + ": outcome for partner "
                        + OutcomeValues.quoted(outcome.partnerId()) + ", to which it was not sent");
                continue;
            }
            byPartner.computeIfAbsent(outcome.partnerId(), p -> new ArrayList<>()).add(outcome);
        }
        row.setArrivalTime(request.arrivalTime());
        for (Map.Entry<String, List<Outcome>> partner : byPartner.entrySet()) {
            List<Outcome> said = partner.getValue();
            Outcome first = said.get(0);
            if (said.stream().allMatch(first::sameLabelAs)) {
                row.putBids(partner.getKey(), first.bid());
                for (int copy = 1; copy < said.size(); copy++) {
                    rejections.add("request " + OutcomeValues.quoted(requestId) + ": duplicate outcome for partner "
                            + OutcomeValues.quoted(partner.getKey()));
                }
            } else {
                for (int i = 0; i < said.size(); i++) {
                    rejections.add("request " + OutcomeValues.quoted(requestId) + ": conflicting outcomes (bid and "
                            + "no bid) for partner " + OutcomeValues.quoted(partner.getKey()));
                }
            }
        }
        if (absent == AbsentOutcome.NO_BID) {
            for (String partner : new TreeSet<>(request.sentTo())) {
                if (!byPartner.containsKey(partner)) {
                    row.putBids(partner, false);
                }
            }
        }
        for (String partner : row.getBidsMap().keySet()) {
            Double p = request.explorationProbability().get(partner);
            if (p != null) {
                row.putExplorationProbability(partner, p);
            }
        }
        return new JoinResult(row.getBidsCount() == 0 ? null : row.build(), rejections);
    }
}
