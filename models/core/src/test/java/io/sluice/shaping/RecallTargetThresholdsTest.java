package io.sluice.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.api.v1.ThresholdPoint;
import io.sluice.api.v1.ThresholdSource;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RecallTargetThresholdsTest {

    /** A partner whose default threshold keeps 95% of its held-out bids, and its table. */
    private static final PartnerOutput PARTNER = PartnerOutput.newBuilder()
            .setPartnerId("1458")
            .setDefaultThreshold(0.08)
            .addThresholdTable(point(0.01, 1.0, 0.10))
            .addThresholdTable(point(0.05, 0.99, 0.55))
            .addThresholdTable(point(0.08, 0.95, 0.70))
            .addThresholdTable(point(0.12, 0.90, 0.80))
            .addThresholdTable(point(0.30, 0.50, 0.97))
            .build();

    private static ThresholdPoint point(double threshold, double recall, double filtered) {
        return ThresholdPoint.newBuilder().setThreshold(threshold).setRecall(recall).setFilteredShare(filtered).build();
    }

    private static RecallTarget target(double all) {
        return new RecallTarget(OptionalDouble.of(all), Map.of());
    }

    @Test
    void aTargetPicksTheLargestThresholdThatKeepsAtLeastThatShareOfBids() {
        ServingThreshold chosen = RecallTargetThresholds.choose(PARTNER, target(0.9));

        assertThat(chosen.getThreshold()).isEqualTo(0.12);
        assertThat(chosen.getSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_TARGET_RECALL);
        assertThat(chosen.getExpectedRecall()).isEqualTo(0.90);
        assertThat(chosen.getExpectedFilteredShare()).isEqualTo(0.80);
        assertThat(RecallTargetThresholds.targetIgnored(chosen)).isFalse();
        // Between points, the one that keeps more bids: 0.97 is met by 0.99, not by 0.95.
        assertThat(RecallTargetThresholds.choose(PARTNER, target(0.97)).getThreshold()).isEqualTo(0.05);
    }

    @Test
    void aPartnersOwnTargetWinsOverTheGlobalOne() {
        RecallTarget targets = new RecallTarget(OptionalDouble.of(0.9), Map.of("1458", 0.99));

        assertThat(RecallTargetThresholds.choose(PARTNER, targets).getThreshold()).isEqualTo(0.05);
        assertThat(RecallTargetThresholds.choose(PARTNER.toBuilder().setPartnerId("2259").build(), targets)
                .getThreshold()).isEqualTo(0.12);
    }

    @Test
    void withoutATargetTheModelDefaultIsServedWithWhatTheTableExpectsOfIt() {
        ServingThreshold chosen = RecallTargetThresholds.choose(PARTNER.toBuilder().setDefaultThreshold(0.1).build(),
                RecallTarget.NONE);

        assertThat(chosen.getThreshold()).isEqualTo(0.1);
        assertThat(chosen.getSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_MODEL_DEFAULT);
        assertThat(chosen.getTargetRecall()).isZero();
        // Halfway from 0.08 to 0.12.
        assertThat(chosen.getExpectedRecall()).isCloseTo(0.925, within(1e-9));
        assertThat(chosen.getExpectedFilteredShare()).isCloseTo(0.75, within(1e-9));
        assertThat(RecallTargetThresholds.describe(chosen))
                .isEqualTo("0.100000 (model default; expected from held-out rows: keeps 92.5% of bids, filters 75.0% "
                        + "of requests)");
    }

    @Test
    void theExpectedRecallComesWithItsStandardErrorWhenTheTableHasOne() {
        PartnerOutput withErrors = PARTNER.toBuilder()
                .setThresholdTable(2, PARTNER.getThresholdTable(2).toBuilder().setRecallStandardError(0.004))
                .setThresholdTable(3, PARTNER.getThresholdTable(3).toBuilder().setRecallStandardError(0.006))
                .build();

        assertThat(RecallTargetThresholds.choose(withErrors, target(0.9)).getExpectedRecallStandardError())
                .isEqualTo(0.006);
        assertThat(RecallTargetThresholds.choose(withErrors.toBuilder().setDefaultThreshold(0.1).build(),
                RecallTarget.NONE).getExpectedRecallStandardError()).isCloseTo(0.005, within(1e-12));
        assertThat(RecallTargetThresholds.choose(PARTNER, target(0.9)).hasExpectedRecallStandardError()).isFalse();
    }

    @Test
    void anArtifactWithoutATableKeepsItsDefaultAndSaysTheTargetCannotApply() {
        ServingThreshold chosen = RecallTargetThresholds.choose(PARTNER.toBuilder().clearThresholdTable().build(),
                target(0.9));

        assertThat(chosen.getThreshold()).isEqualTo(0.08);
        assertThat(chosen.getSource()).isEqualTo(ThresholdSource.THRESHOLD_SOURCE_MODEL_DEFAULT);
        assertThat(chosen.hasExpectedRecall()).isFalse();
        assertThat(RecallTargetThresholds.targetIgnored(chosen)).isTrue();
        assertThat(RecallTargetThresholds.describe(chosen)).isEqualTo(
                "0.080000 (model default: target recall 0.9 cannot apply, the artifact has no threshold table)");
    }
}
