package io.sluice.features;

import io.sluice.api.v1.Device;
import io.sluice.api.v1.UserAgentCategory;
import java.util.Optional;

/**
 * Coarse device class derived from a user agent; the codes (ordinals) are the legacy contract's {@code deviceTypeId}
 * and the classes are those of the Woothee parser that legacy callers classify with.
 */
public enum DeviceCategory {
    SMARTPHONE,
    MOBILEPHONE,
    APPLIANCE,
    PC,
    CRAWLER,
    MISC,
    UNKNOWN;

    private static final DeviceCategory[] BY_CODE = values();
    private static final String[] CRAWLER_MARKERS = {"bot", "crawler", "spider", "slurp"};
    private static final String[] TABLET_MARKERS = {"ipad", "tablet", "kindle", "smart-tv", "smarttv"};
    private static final String[] SMARTPHONE_MARKERS = {"iphone", "android", "windows phone"};
    private static final String[] FEATURE_PHONE_MARKERS = {"midp", "symbian", "j2me", "nokia", "ucweb"};
    private static final String[] PC_MARKERS = {"windows nt", "macintosh", "x11", "linux", "cros"};

    /**
     * The category of a device: its user agent classified by {@link #ofUserAgent} when it has one, else the category
     * the caller classified ({@code ua_category}), else {@link #UNKNOWN}. The user agent wins because the model was
     * trained on the categories this class computes from user agents, and a caller's parser may place the same agent
     * in another class. Allocates nothing; an unrecognised {@code ua_category} number (request validation refuses it
     * first) reads as unknown.
     */
    public static DeviceCategory of(Device device) {
        String userAgent = device.getUa();
        if (!userAgent.isEmpty()) {
            return ofUserAgent(userAgent);
        }
        int code = device.getUaCategoryValue() - 1;
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }

    /** The category whose legacy code ({@code deviceTypeId}) is {@code code}, or empty when none is. */
    public static Optional<DeviceCategory> ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
    }

    /** This category as the v1 API's {@code device.ua_category} carries it. */
    public UserAgentCategory asUserAgentCategory() {
        return UserAgentCategory.forNumber(ordinal() + 1);
    }

    /** Classifies a user agent without allocating; order matters (a crawler may claim to be Android). */
    public static DeviceCategory ofUserAgent(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return UNKNOWN;
        }
        if (containsAny(userAgent, CRAWLER_MARKERS)) {
            return CRAWLER;
        }
        if (containsAny(userAgent, TABLET_MARKERS)) {
            return APPLIANCE;
        }
        if (containsAny(userAgent, SMARTPHONE_MARKERS)) {
            return SMARTPHONE;
        }
        if (containsAny(userAgent, FEATURE_PHONE_MARKERS)) {
            return MOBILEPHONE;
        }
        if (containsAny(userAgent, PC_MARKERS)) {
            return PC;
        }
        return MISC;
    }

    private static boolean containsAny(String text, String[] lowerCaseMarkers) {
        for (String marker : lowerCaseMarkers) {
            char first = marker.charAt(0);
            int last = text.length() - marker.length();
            for (int i = 0; i <= last; i++) {
                // Most positions fail on the first character: reject ASCII ones inline (markers start with an ASCII
                // letter, so c | 0x20 folds case exactly); anything else gets regionMatches' full Unicode folding.
                char c = text.charAt(i);
                if (c < 128 && (c | 0x20) != first) {
                    continue;
                }
                if (text.regionMatches(true, i, marker, 0, marker.length())) {
                    return true;
                }
            }
        }
        return false;
    }
}
