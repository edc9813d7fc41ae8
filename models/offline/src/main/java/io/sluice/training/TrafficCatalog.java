package io.sluice.training;

import java.util.Arrays;
import java.util.List;

/**
 * The values synthetic request fields take and how often, shaped after the public iPinYou statistics
 * (see {@code shared/notes/data-calibration.md}). Codes are synthetic; only cardinalities and shares are real.
 */
final class TrafficCatalog {

    /** China Standard Time; iPinYou timestamps are local to it. */
    static final int UTC_OFFSET_MINUTES = 480;
    static final String CURRENCY = "CNY";
    static final long MICROS_PER_FEN = 10_000;

    /** Zipf exponent of domain popularity (notes: 1.0-1.1). */
    static final double DOMAIN_ZIPF_EXPONENT = 1.05;
    /** Slot j of a domain is {@code 2^-j} as popular as its first slot. */
    static final double SLOT_DECAY = 0.5;

    static final double UNTAGGED_SHARE = 0.206;
    static final double MEAN_TAGS_WHEN_TAGGED = 5.7;
    static final String SEGMENT_PROVIDER = "ipinyou";

    /** Requests per hour by local hour of day, in thousands: minimum 118 at 04:00, maximum 982 at 22:00. */
    static final double[] HOURLY_TRAFFIC = {
        700, 480, 300, 180, 118, 140, 220, 380, 520, 600, 640, 650,
        660, 650, 660, 670, 680, 690, 720, 800, 880, 950, 982, 880};

    /** The 29 slot sizes as {w, h, relative frequency}; 300x250 dominates as in iPinYou. */
    static final int[][] SLOT_SIZES = {
        {300, 250, 300}, {728, 90, 120}, {336, 280, 80}, {160, 600, 60}, {960, 90, 50}, {950, 90, 40},
        {1000, 90, 40}, {250, 250, 35}, {468, 60, 30}, {300, 600, 25}, {120, 600, 20}, {200, 200, 20},
        {640, 90, 20}, {320, 50, 20}, {360, 300, 15}, {580, 90, 15}, {910, 90, 15}, {1000, 60, 12},
        {970, 90, 10}, {300, 100, 10}, {300, 50, 10}, {970, 250, 8}, {120, 240, 8}, {180, 150, 8},
        {760, 90, 8}, {234, 60, 7}, {125, 125, 7}, {1000, 250, 6}, {200, 90, 5}};

    /** OpenRTB pos 0 (unknown / other view), 1 (first view, above the fold), 2 (second view). */
    static final double[] POSITION_SHARES = {0.48, 0.36, 0.16};

    /** User agents covering every device category; shares in {@link #USER_AGENT_WEIGHTS}. */
    static final List<String> USER_AGENTS = List.of(
            // PC: iPinYou traffic is mostly desktop browsers.
            "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)",
            "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                    + " Safari/537.36",
            "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:45.0) Gecko/20100101 Firefox/45.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1"
                    + " Safari/605.1.15",
            // Smartphones.
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 13; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                    + " Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; U; Android 4.4.2; zh-cn; MI 3W Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko)"
                    + " Version/4.0 Mobile Safari/534.30",
            // Tablet.
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6"
                    + " Mobile/15E148 Safari/604.1",
            // Feature phones.
            "NokiaN73-1/3.0638.0.0.1 Series60/3.0 Profile/MIDP-2.0 Configuration/CLDC-1.1",
            "UCWEB/2.0 (MIDP-2.0; U; Adr 4.0.4; zh-CN; ZTE-U795) U2/1.0.0 UCBrowser/10.1.0.527 U2/1.0.0 Mobile",
            // Crawlers.
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    static final double[] USER_AGENT_WEIGHTS = {
        0.22, 0.14, 0.20, 0.08, 0.05,
        0.08, 0.06, 0.04,
        0.05,
        0.02, 0.03,
        0.02, 0.01};

    /** First octets of Chinese IPv4 allocations; the exchange masks the last octet. */
    static final int[] IP_FIRST_OCTETS = {
        1, 14, 27, 36, 39, 42, 58, 59, 60, 61, 101, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
        122, 123, 124, 125, 171, 175, 180, 182, 183, 202, 211, 218, 219, 220, 221, 222};

    static final int REGIONS = 35;
    static final int CITIES = 370;
    /** Every region gets this many cities; the rest are shared out in proportion to region popularity. */
    private static final int MIN_CITIES_PER_REGION = 5;
    static final double REGION_ZIPF_EXPONENT = 0.9;
    static final double CITY_ZIPF_EXPONENT = 1.0;

    static final int TAGS = 68;
    static final double TAG_ZIPF_EXPONENT = 0.7;

    private TrafficCatalog() {
    }

    private static final int TAG_CODE_BASE = 10_000;
    private static final int TAG_CODE_RANGE = 7_000;
    /** Inverse of {@link #tagCode}: tag index by {@code code - TAG_CODE_BASE}, or -1. */
    private static final int[] TAG_BY_CODE = new int[TAG_CODE_RANGE];

    static {
        Arrays.fill(TAG_BY_CODE, -1);
        for (int t = 0; t < TAGS; t++) {
            TAG_BY_CODE[Integer.parseInt(tagCode(t)) - TAG_CODE_BASE] = t;
        }
    }

    static String regionCode(int region) {
        return Integer.toString(1 + 11 * region);
    }

    /** Inverse of {@link #regionCode}, or -1 for a code outside the catalog. */
    static int regionIndex(String code) {
        int value = parseCode(code);
        int region = (value - 1) / 11;
        return value >= 1 && (value - 1) % 11 == 0 && region < REGIONS ? region : -1;
    }

    static String cityCode(int city) {
        return Integer.toString(1 + city);
    }

    /** Inverse of {@link #cityCode}, or -1 for a code outside the catalog. */
    static int cityIndex(String code) {
        int value = parseCode(code);
        return value >= 1 && value <= CITIES ? value - 1 : -1;
    }

    /** City i's region: cities are numbered region by region, bigger regions owning more of them. */
    static int[] cityRegions() {
        double[] regionWeights = DiscreteDistribution.zipfWeights(REGIONS, REGION_ZIPF_EXPONENT);
        double total = 0;
        for (double w : regionWeights) {
            total += w;
        }
        int spare = CITIES - MIN_CITIES_PER_REGION * REGIONS;
        int[] counts = new int[REGIONS];
        int assigned = 0;
        for (int r = 0; r < REGIONS; r++) {
            counts[r] = MIN_CITIES_PER_REGION + (int) Math.floor(spare * regionWeights[r] / total);
            assigned += counts[r];
        }
        // Floors leave a few cities over; give them to the biggest regions.
        for (int r = 0; assigned < CITIES; r = (r + 1) % REGIONS) {
            counts[r]++;
            assigned++;
        }
        int[] regionOf = new int[CITIES];
        int city = 0;
        for (int r = 0; r < REGIONS; r++) {
            for (int c = 0; c < counts[r]; c++) {
                regionOf[city++] = r;
            }
        }
        return regionOf;
    }

    /** Segment ids in the style of iPinYou user tags (five-digit numbers). */
    static String tagCode(int tag) {
        return Integer.toString(TAG_CODE_BASE + (tag * 7919 + 6) % TAG_CODE_RANGE);
    }

    /** Inverse of {@link #tagCode}, or -1 for an id outside the catalog. */
    static int tagIndex(String code) {
        int value = parseCode(code) - TAG_CODE_BASE;
        return value >= 0 && value < TAG_CODE_RANGE ? TAG_BY_CODE[value] : -1;
    }

    /**
     * A canonical decimal code (no sign, no leading zero, at most 6 digits) as an int, else -1: only strings
     * the catalog itself would produce map back to an index.
     */
    private static int parseCode(String code) {
        int length = code.length();
        if (length == 0 || length > 6 || (length > 1 && code.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < length; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The 290 distinct floor prices in fen CPM: 0, 1..100, 105..500 by 5, 510..1500 by 10, 1600..2400 by 100.
     */
    static long[] floorFen() {
        long[] values = new long[290];
        int n = 0;
        values[n++] = 0;
        for (int v = 1; v <= 100; v++) {
            values[n++] = v;
        }
        for (int v = 105; v <= 500; v += 5) {
            values[n++] = v;
        }
        for (int v = 510; v <= 1500; v += 10) {
            values[n++] = v;
        }
        for (int v = 1600; v <= 2400; v += 100) {
            values[n++] = v;
        }
        if (n != values.length) {
            throw new AssertionError("floor table has " + n + " values");
        }
        return values;
    }

    /** Zero floors are about a third of slots; other floors fall off with price and favour round numbers. */
    static double[] floorWeights(long[] floorsFen) {
        double positive = 0;
        double[] weights = new double[floorsFen.length];
        for (int i = 0; i < floorsFen.length; i++) {
            long v = floorsFen[i];
            if (v > 0) {
                double roundness = v % 100 == 0 ? 12 : v % 50 == 0 ? 8 : v % 10 == 0 ? 4 : v % 5 == 0 ? 2 : 1;
                weights[i] = roundness * Math.pow(v, -0.6) * Math.exp(-v / 400.0);
                positive += weights[i];
            }
        }
        double zeroShare = 0.32;
        for (int i = 0; i < floorsFen.length; i++) {
            weights[i] = floorsFen[i] == 0 ? zeroShare : (1 - zeroShare) * weights[i] / positive;
        }
        return weights;
    }

    static double[] slotSizeWeights() {
        double[] weights = new double[SLOT_SIZES.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = SLOT_SIZES[i][2];
        }
        return weights;
    }
}
