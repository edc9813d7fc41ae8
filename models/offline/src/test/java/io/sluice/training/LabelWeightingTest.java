package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.LabeledBidRequest;
import org.junit.jupiter.api.Test;

class LabelWeightingTest {

    private static final LabeledBidRequest ROW = LabeledBidRequest.newBuilder()
            .putBids("explored", true).putBids("sent", false)
            .putExplorationProbability("explored", 0.05)
            .build();

    @Test
    void inversePropensityWeighsAnExplorationSendByOneOverItsProbabilityAndOtherSendsByOne() {
        LabelWeighting weighting = new LabelWeighting(LabelWeighting.Scheme.INVERSE_PROPENSITY,
                Double.POSITIVE_INFINITY);

        assertThat(weighting.weight(ROW, "explored")).isCloseTo(20.0, within(1e-9));
        assertThat(weighting.weight(ROW, "sent")).isEqualTo(1.0);
    }

    @Test
    void theCapBoundsTheWeight() {
        LabelWeighting capped = new LabelWeighting(LabelWeighting.Scheme.INVERSE_PROPENSITY, 8);

        assertThat(capped.weight(ROW, "explored")).isEqualTo(8.0);
    }

    @Test
    void noWeightingWeighsEveryEntryOne() {
        assertThat(LabelWeighting.NONE.weight(ROW, "explored")).isEqualTo(1.0);
    }

    @Test
    void optionValuesParseAndUnknownOnesAreRefused() {
        assertThat(LabelWeighting.Scheme.parse("inverse-propensity"))
                .isEqualTo(LabelWeighting.Scheme.INVERSE_PROPENSITY);
        assertThatThrownBy(() -> LabelWeighting.Scheme.parse("ips"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown weighting 'ips'; use none or inverse-propensity");
    }
}
