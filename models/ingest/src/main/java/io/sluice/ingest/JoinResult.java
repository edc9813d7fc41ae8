package io.sluice.ingest;

import io.sluice.api.v1.LabeledBidRequest;
import java.io.Serializable;
import java.util.List;

/**
 * What joining one request with its outcomes gave.
 *
 * @param row        the training row, or null when no partner could be labelled (the request is unmatched)
 * @param rejections one reason per outcome that could not be used (not sent there, a duplicate, a conflict)
 */
public record JoinResult(LabeledBidRequest row, List<String> rejections) implements Serializable {

    public JoinResult {
        rejections = List.copyOf(rejections);
    }

    /** Whether the request became a training row. */
    public boolean labelled() {
        return row != null;
    }
}
