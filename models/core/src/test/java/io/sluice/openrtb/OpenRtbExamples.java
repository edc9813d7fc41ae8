package io.sluice.openrtb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenRTB 2.5 specification's example bid requests (section 6.2), as test resources; the server's tests use them. */
public enum OpenRtbExamples {
    SIMPLE_BANNER("1-simple-banner.json"),
    EXPANDABLE_CREATIVE("2-expandable-creative.json"),
    MOBILE("3-mobile.json"),
    VIDEO("4-video.json"),
    PMP_WITH_DIRECT_DEAL("5-pmp-with-direct-deal.json"),
    NATIVE_AD("6-native-ad.json");

    private final String file;

    OpenRtbExamples(String file) {
        this.file = file;
    }

    /** The example's JSON, as the specification writes it. */
    public byte[] json() {
        try (InputStream in = OpenRtbExamples.class.getResourceAsStream("/openrtb-2.5-examples/" + file)) {
            if (in == null) {
                throw new IllegalStateException("test resource openrtb-2.5-examples/" + file + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
