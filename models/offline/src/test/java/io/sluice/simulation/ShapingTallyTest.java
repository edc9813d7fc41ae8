package io.sluice.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.api.v1.ThresholdSource;
import io.sluice.shaping.ShapingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapingTallyTest {

    private static final List<String> PARTNERS = List.of("a", "b");

    private static PartnerScore decided(String partner, Decision decision) {
        return PartnerScore.newBuilder().setPartnerId(partner).setDecision(decision).build();
    }

    private static ServingThreshold keeping(double recall) {
        return ServingThreshold.newBuilder().setExpectedRecall(recall).build();
    }

    @Test
    void bidsLostCountsTheTrueBidsOfSkippedPairs() {
        ShapingTally tally = new ShapingTally(PARTNERS, List.of(keeping(0.95), keeping(0.95)),
                ShapingSettings.NONE);

        // 4 true bids, one of them skipped. The skipped no-bid saves a request and loses nothing.
        tally.count(decided("a", Decision.DECISION_SEND), true);
        tally.count(decided("a", Decision.DECISION_SKIP), true);
        tally.count(decided("a", Decision.DECISION_SKIP), false);
        tally.count(decided("b", Decision.DECISION_SEND), true);
        tally.count(decided("b", Decision.DECISION_SEND), true);
        tally.count(decided("b", Decision.DECISION_SEND), false);

        assertThat(tally.bidsLost()).isEqualTo(0.25);
        assertThat(tally.requestsSaved()).isEqualTo(2.0 / 6);
    }

    @Test
    void thePromiseIsEachPartnersExpectedLossWeightedByItsTrueBids() {
        ShapingTally tally = new ShapingTally(PARTNERS, List.of(keeping(0.9), keeping(0.99)),
                ShapingSettings.NONE);

        tally.count(decided("a", Decision.DECISION_SEND), true);
        for (int i = 0; i < 3; i++) {
            tally.count(decided("b", Decision.DECISION_SEND), true);
        }
        tally.count(decided("b", Decision.DECISION_SKIP), false);

        assertThat(tally.bidsLostPromised()).isCloseTo((1 * 0.1 + 3 * 0.01) / 4, within(1e-12));
        assertThat(tally.bidsLost()).isZero();
    }

    @Test
    void aThresholdPickedForARecallTargetPromisesTheTargetNotTheRecallOfTheTablePointItLandedOn() {
        // At 1% exploration the point a 0.95 target picks often keeps more on the held-out rows: the next explored
        // bid, weighing 100, would have taken its recall under the target.
        ServingThreshold picked = keeping(0.959).toBuilder().setTargetRecall(0.95)
                .setSource(ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL).build();
        ShapingTally tally = new ShapingTally(PARTNERS, List.of(picked, keeping(0.99)), ShapingSettings.NONE);

        tally.count(decided("a", Decision.DECISION_SEND), true);
        tally.count(decided("b", Decision.DECISION_SEND), true);

        assertThat(tally.bidsLostPromised()).isCloseTo((0.05 + 0.01) / 2, within(1e-12));
    }

    @Test
    void explorationSendsTheirShareOfTheRequestsBelowTheThresholdSoThePromiseLosesThatMuchLess() {
        ShapingSettings exploring = new ShapingSettings(0.05, Map.of("b", 0.5), "salt", Map.of(), 1,
                Duration.ofSeconds(10));
        ShapingTally tally = new ShapingTally(PARTNERS, List.of(keeping(0.9).toBuilder()
                .setExpectedRecallStandardError(0.02).build(), keeping(0.9)), exploring);

        tally.count(decided("a", Decision.DECISION_SEND), true);
        tally.count(decided("b", Decision.DECISION_SEND), true);

        BidLoss loss = tally.bidLoss();
        assertThat(loss.promised()).isCloseTo((0.1 * 0.95 + 0.1 * 0.5) / 2, within(1e-12));
        assertThat(tally.bidsLostPromisedStandardError()).isNaN();
        ShapingTally alone = new ShapingTally(PARTNERS.subList(0, 1), List.of(keeping(0.9).toBuilder()
                .setExpectedRecallStandardError(0.02).build()), exploring);
        alone.count(decided("a", Decision.DECISION_SEND), true);
        assertThat(alone.bidsLostPromisedStandardError()).isCloseTo(0.02 * 0.95, within(1e-12));
    }

    @Test
    void thePromisesStandardErrorWeighsEachPartnersErrorByItsShareOfTheBids() {
        ShapingTally tally = new ShapingTally(PARTNERS, List.of(keeping(0.9).toBuilder()
                .setExpectedRecallStandardError(0.02).build(), keeping(0.99).toBuilder()
                .setExpectedRecallStandardError(0.01).build()), ShapingSettings.NONE);

        tally.count(decided("a", Decision.DECISION_SEND), true);
        for (int i = 0; i < 3; i++) {
            tally.count(decided("b", Decision.DECISION_SEND), true);
        }

        BidLoss loss = tally.bidLoss();
        assertThat(loss.promisedStandardError())
                .isCloseTo(Math.sqrt(0.25 * 0.25 * 0.02 * 0.02 + 0.75 * 0.75 * 0.01 * 0.01), within(1e-12));
        assertThat(loss.lostStandardError()).isZero();
    }

    @Test
    void bidsLostHaveTheBinomialStandardErrorOfEachPartnersBids() {
        ShapingTally tally = new ShapingTally(PARTNERS, List.of(ServingThreshold.getDefaultInstance(),
                ServingThreshold.getDefaultInstance()), ShapingSettings.NONE);

        tally.count(decided("a", Decision.DECISION_SEND), true);
        tally.count(decided("a", Decision.DECISION_SKIP), true);
        tally.count(decided("b", Decision.DECISION_SEND), true);
        tally.count(decided("b", Decision.DECISION_SEND), true);

        BidLoss loss = tally.bidLoss();
        // Partner a lost 1 of 2 (variance 2 * 0.5 * 0.5), b none of 2; over 4 bids.
        assertThat(loss.lostStandardError()).isCloseTo(Math.sqrt(0.5) / 4, within(1e-12));
        assertThat(loss.promisedStandardError()).isNaN();
        assertThat(loss.missStandardError()).isNaN();
    }

    @Test
    void aModelWithoutAThresholdTablePromisesNothing() {
        ShapingTally tally = new ShapingTally(PARTNERS, List.of(ServingThreshold.getDefaultInstance(),
                ServingThreshold.getDefaultInstance()), ShapingSettings.NONE);

        tally.count(decided("a", Decision.DECISION_SKIP), true);

        assertThat(tally.bidsLostPromised()).isZero();
        assertThat(tally.bidsLost()).isEqualTo(1.0);
    }
}
