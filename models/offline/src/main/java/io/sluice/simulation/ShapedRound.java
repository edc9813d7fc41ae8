package io.sluice.simulation;

import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.ImportCounts;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.AbsentOutcome;
import io.sluice.ingest.DecisionRows;
import io.sluice.ingest.JoinResult;
import io.sluice.ingest.Outcome;
import io.sluice.ingest.OutcomeJoin;
import io.sluice.ingest.ParseResult;
import io.sluice.ingest.RequestRow;
import io.sluice.ingest.ShardWriter;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.RequestLimits;
import io.sluice.scoring.ScoringException;
import io.sluice.scoring.ScoringService;
import io.sluice.scoring.ServingModel;
import io.sluice.shaping.ShapingPolicy;
import io.sluice.shaping.ShapingSettings;
import io.sluice.shaping.Ticker;
import io.sluice.training.LabeledRequestReader;
import io.sluice.training.ProgressBar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One round of production, simulated: the deployed model scores each generated request through the real scoring
 * core and shaping policy (recall-target thresholds, exploration), the decision is logged, the partners it was sent
 * to answer with their ground-truth outcome, and the importer joins decisions and outcomes into training rows.
 */
final class ShapedRound {

    /** The server's default request limits: generated requests are well within them. */
    private static final RequestLimits LIMITS = new RequestLimits(64, 64, 256, 1024, 1000, 65_536, 32);

    private final ScoringService scoring;
    private final DecisionCapture decisions = new DecisionCapture();
    private final ShapingTally tally;
    private final ImportCounts.Builder imported = ImportCounts.newBuilder();

    /**
     * What a round did.
     *
     * @param tally    what shaping did, against the ground truth
     * @param shard    the training rows the import made of the round
     * @param imported what the import read and wrote
     */
    record Result(ShapingTally tally, TrainingShard shard, ImportCounts imported) {
    }

    private ShapedRound(ServingModel model, ShapingSettings shaping) {
        ModelRegistry registry = new ModelRegistry();
        registry.install(model);
        this.scoring = ScoringService.withoutTelemetry(LIMITS, registry, new ShapingPolicy(shaping, Ticker.SYSTEM),
                decisions);
        this.tally = new ShapingTally(model.partnerIds(), model.servingThresholds(), shaping);
    }

    /**
     * Serves the requests of {@code generated} with {@code model} under {@code shaping} and writes the training rows
     * the import makes of them to {@code out}, which it finishes.
     */
    static Result serve(ServingModel model, ShapingSettings shaping, Path generated, ShardWriter out,
                        ProgressBar bar) throws IOException {
        ShapedRound round = new ShapedRound(model, shaping);
        long served = 0;
        try (out; LabeledRequestReader truth = new LabeledRequestReader(generated, false)) {
            while (truth.hasNext()) {
                round.serve(truth.next(), out);
                bar.update(++served, round.progress());
            }
            bar.finish(served, round.progress());
            return new Result(round.tally, out.finish(), round.imported.build());
        }
    }

    private String progress() {
        return String.format(Locale.ROOT, "saved %.1f%% of sends, lost %.2f%% of bids", 100 * tally.requestsSaved(),
                100 * tally.bidsLost());
    }

    private void serve(LabeledBidRequest truth, ShardWriter out) throws IOException {
        try {
            scoring.score(ScoreRequest.newBuilder().setBidRequest(truth.getRequest())
                    .setArrivalTime(truth.getArrivalTime()).build(), CallDeadline.NONE);
        } catch (ScoringException e) {
            throw new IllegalStateException("the simulated server refused generated request "
                    + truth.getRequest().getId() + ": " + e.getMessage(), e);
        }
        DecisionRecord decision = decisions.last();
        for (PartnerScore score : decision.getScoresList()) {
            tally.count(score, truth.getBidsOrThrow(score.getPartnerId()));
        }
        List<Outcome> outcomes = GroundTruthOutcomes.of(decision, truth);
        JoinResult joined = OutcomeJoin.join(requestRow(decision), outcomes, AbsentOutcome.UNLABELLED);
        if (!joined.rejections().isEmpty()) {
            throw new IllegalStateException("the import refused the simulated outcomes: " + joined.rejections());
        }
        imported.setRequestsRead(imported.getRequestsRead() + 1)
                .setOutcomesRead(imported.getOutcomesRead() + outcomes.size());
        if (joined.labelled()) {
            tally.countLabelled(joined.row().getBidsCount());
            out.write(joined.row());
            imported.setRowsWritten(imported.getRowsWritten() + 1);
        } else {
            imported.setRequestsUnmatched(imported.getRequestsUnmatched() + 1);
        }
    }

    private static RequestRow requestRow(DecisionRecord decision) {
        ParseResult<RequestRow> parsed = DecisionRows.toRequestRow(decision);
        if (!parsed.ok()) {
            throw new IllegalStateException("the import refused a simulated decision: " + parsed.rejection());
        }
        return parsed.row();
    }
}
