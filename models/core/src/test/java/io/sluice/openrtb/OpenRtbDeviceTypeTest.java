package io.sluice.openrtb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.features.DeviceCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenRTB's device types mean to the model what the user agents of such devices mean. */
class OpenRtbDeviceTypeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            4 | Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148
            1 | Mozilla/5.0 (Linux; Android 13; SM-G991B) AppleWebKit/537.36 Chrome/120.0.0.0 Mobile Safari/537.36
            2 | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36
            5 | Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1
            3 | Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 SamsungBrowser/4.0 TV Safari/537.36
            """)
    void aDeviceTypeMeansTheCategoryItsDevicesUserAgentsGet(int code, String userAgent) {
        assertThat(OpenRtbDeviceType.ofCode(code).orElseThrow().category())
                .isEqualTo(DeviceCategory.ofUserAgent(userAgent));
    }

    @Test
    void everyCodeOfTheListHasACategoryAndNoOtherCodeDoes() {
        for (int code = 1; code <= 8; code++) {
            assertThat(OpenRtbDeviceType.ofCode(code)).as("code %d", code).isPresent();
        }
        assertThat(OpenRtbDeviceType.ofCode(0)).isEmpty();
        assertThat(OpenRtbDeviceType.ofCode(9)).isEmpty();
        assertThat(OpenRtbDeviceType.ofCode(500)).isEmpty();
    }
}
