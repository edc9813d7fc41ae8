package io.sluice.features;

/**
 * Coarse device class derived from a user agent; the codes are the legacy contract's {@code deviceTypeId}.
 */
public enum DeviceCategory {
    SMARTPHONE,
    MOBILEPHONE,
    APPLIANCE,
    PC,
    CRAWLER,
    MISC,
    UNKNOWN;

    private static final String[] CRAWLER_MARKERS = {"bot", "crawler", "spider", "slurp"};
    private static final String[] TABLET_MARKERS = {"ipad", "tablet", "kindle", "smart-tv", "smarttv"};
    private static final String[] SMARTPHONE_MARKERS = {"iphone", "android", "windows phone"};
    private static final String[] FEATURE_PHONE_MARKERS = {"midp", "symbian", "j2me", "nokia", "ucweb"};
    private static final String[] PC_MARKERS = {"windows nt", "macintosh", "x11", "linux", "cros"};

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
