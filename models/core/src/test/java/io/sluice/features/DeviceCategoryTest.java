package io.sluice.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.Device;
import io.sluice.api.v1.UserAgentCategory;
import org.junit.jupiter.api.Test;

class DeviceCategoryTest {

    @Test
    void markersMatchInAnyLetterCase() {
        assertThat(DeviceCategory.ofUserAgent("Mozilla/5.0 (compatible; GoogleBOT/2.1)")).isEqualTo(DeviceCategory.CRAWLER);
        assertThat(DeviceCategory.ofUserAgent("Mozilla/5.0 (IPAD; CPU OS 17_0)")).isEqualTo(DeviceCategory.APPLIANCE);
        assertThat(DeviceCategory.ofUserAgent("NOKIA6300/2.0 Profile/MIDP-2.0")).isEqualTo(DeviceCategory.MOBILEPHONE);
    }

    @Test
    void nonAsciiLettersFoldLikeStringRegionMatchesIgnoringCase() {
        // Part of the feature spec: long s (U+017F) upper-cases to S, the Kelvin sign (U+212A) lower-cases to k,
        // and capital I with dot (U+0130) lower-cases to i, so each still matches its marker.
        assertThat(DeviceCategory.ofUserAgent("x \u017Fpider y")).isEqualTo(DeviceCategory.CRAWLER);
        assertThat(DeviceCategory.ofUserAgent("x \u212Aindle y")).isEqualTo(DeviceCategory.APPLIANCE);
        assertThat(DeviceCategory.ofUserAgent("x \u0130phone y")).isEqualTo(DeviceCategory.SMARTPHONE);
    }

    @Test
    void textWithoutAnyMarkerIsMisc() {
        assertThat(DeviceCategory.ofUserAgent("curl/8.5.0")).isEqualTo(DeviceCategory.MISC);
        assertThat(DeviceCategory.ofUserAgent("")).isEqualTo(DeviceCategory.UNKNOWN);
    }

    @Test
    void legacyCodesAndTheApisCategoriesNameTheSameClasses() {
        for (DeviceCategory category : DeviceCategory.values()) {
            assertThat(DeviceCategory.ofCode(category.ordinal())).contains(category);
            assertThat(category.asUserAgentCategory().name()).isEqualTo("USER_AGENT_CATEGORY_" + category.name());
        }
        assertThat(DeviceCategory.ofCode(-1)).isEmpty();
        assertThat(DeviceCategory.ofCode(7)).isEmpty();
    }

    @Test
    void callersCategoryCountsOnlyWithoutAUserAgent() {
        Device pcByCaller = Device.newBuilder().setUaCategory(UserAgentCategory.USER_AGENT_CATEGORY_PC).build();

        assertThat(DeviceCategory.of(pcByCaller)).isEqualTo(DeviceCategory.PC);
        assertThat(DeviceCategory.of(pcByCaller.toBuilder().setUa("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)").build()))
                .isEqualTo(DeviceCategory.SMARTPHONE);
        assertThat(DeviceCategory.of(Device.getDefaultInstance())).isEqualTo(DeviceCategory.UNKNOWN);
    }
}
