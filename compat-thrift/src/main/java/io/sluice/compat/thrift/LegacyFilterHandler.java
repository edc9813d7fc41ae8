package io.sluice.compat.thrift;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.Scorer;
import io.sluice.scoring.ScoringException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the legacy {@code filter} call from the v1 scoring core. A request that cannot be scored ends with a
 * {@link LegacyCallFailure}; it never returns a made-up likelihood (the legacy server's 0.0-on-error looked like a
 * real score).
 */
public final class LegacyFilterHandler implements BidRequestFilter.Iface {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyFilterHandler.class);

    private final Scorer scorer;
    private final LegacyRequestMapper mapper;
    private final Duration requestBudget;

    public LegacyFilterHandler(Scorer scorer, LegacyRequestMapper mapper, Duration requestBudget) {
        this.scorer = scorer;
        this.mapper = mapper;
        this.requestBudget = requestBudget;
    }

    @Override
    public BidResponse filter(BidRequest request) throws LegacyCallFailure {
        try {
            if (request == null) {
                throw ScoringException.invalid("request: required");
            }
            ScoreResponse response = scorer.score(mapper.toRequest(request), CallDeadline.after(requestBudget));
            return new BidResponse(response.getScores(0).getLikelihood());
        } catch (ScoringException e) {
            LOG.debug("legacy filter call refused: {}: {}", e.reason(), e.getMessage());
            throw LegacyCallFailure.refused(e);
        } catch (RuntimeException e) {
            LOG.error("legacy filter call failed unexpectedly", e);
            throw LegacyCallFailure.internal();
        }
    }
}
