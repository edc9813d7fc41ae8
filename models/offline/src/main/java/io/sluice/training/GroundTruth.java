package io.sluice.training;

import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Imp;
import io.sluice.features.DeviceCategory;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.RequestTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The true bid logit of every partner for a request, as documented on {@link SyntheticTraffic}. Immutable and
 * thread-safe; effects of small vocabularies are cached in tables, everything else is hashed on the fly, and
 * both paths compute the same numbers.
 */
final class GroundTruth {

    /** Share of a hashed effect's variance common to all partners (a bad domain is bad for everyone). */
    static final double SHARED_VARIANCE = 0.5;

    static final double SD_DOMAIN = 0.30;
    static final double SD_TAG_ID = 0.30;
    static final double SD_REGION = 0.40;
    static final double SD_CITY = 0.25;
    static final double SD_HOUR = 0.20;
    static final double HOUR_WAVE = 0.15;
    static final double SD_WEEKDAY = 0.10;
    static final double SD_SIZE = 0.40;
    static final double SD_POSITION = 0.08;
    static final double SD_FLOOR = 0.08;
    static final double SD_DEVICE = 0.25;
    static final double SD_USER_TAG = 0.32;
    static final double SD_REGION_HOUR = 0.33;
    static final double SD_DOMAIN_SIZE = 0.33;

    /** Visibility: first view helps, second view hurts (iPinYou CTR 0.19% / 0.054% / 0.033%). */
    static final double[] POSITION_BASE = {-0.10, 0.30, -0.20};
    /** No floor helps a little; each doubling of the floor past 8-15 fen (bucket 4) costs this much. */
    static final double FLOOR_NONE_BASE = 0.15;
    static final double FLOOR_SLOPE = -0.20;
    static final int FLOOR_KNEE_BUCKET = 4;
    static final int FLOOR_BUCKETS = FeatureExtractor.FLOOR_BUCKETS;
    /** By {@link DeviceCategory} ordinal: nobody wants crawlers; feature phones and unknown agents are poor. */
    static final double[] DEVICE_BASE = {0.0, -0.60, 0.10, 0.0, -3.0, -0.40, -0.40};

    private static final int POSITIONS = POSITION_BASE.length;
    private static final long[] NO_KEYS = new long[0];

    private static final long DOMAIN = EffectHash.of("site.domain");
    private static final long TAG_ID = EffectHash.of("imp.tagid");
    private static final long REGION = EffectHash.of("device.geo.region");
    private static final long CITY = EffectHash.of("device.geo.city");
    private static final long HOUR = EffectHash.of("local.hour");
    private static final long WEEKDAY = EffectHash.of("local.weekday");
    private static final long SIZE = EffectHash.of("imp.banner.size");
    private static final long POSITION = EffectHash.of("imp.banner.pos");
    private static final long FLOOR = EffectHash.of("imp.bidfloor.bucket");
    private static final long DEVICE = EffectHash.of("device.ua.category");
    private static final long USER_TAG = EffectHash.of("user.data.segment");
    private static final long REGION_HOUR = EffectHash.of("region x hour");
    private static final long DOMAIN_SIZE = EffectHash.of("domain x size");

    private final List<String> partners;
    private final double[] biases;
    private final long sharedKey;
    private final long[] partnerKeys;

    /** Categories of the catalog's agents, so generation skips the substring scan. */
    private final Map<String, DeviceCategory> knownUserAgents;
    private final int[] sortedSizeKeys;
    private final int[] sizeIndexOfSorted;

    /** Tables indexed [partner][value]. */
    private final double[][] regionEffects;
    private final double[][] cityEffects;
    private final double[][] tagEffects;
    private final double[][] sizeEffects;
    private final double[][] hourEffects;
    private final double[][] weekdayEffects;
    private final double[][] positionEffects;
    private final double[][] floorEffects;
    private final double[][] deviceEffects;
    /** [partner][region * 24 + hour]. */
    private final double[][] regionHourEffects;

    GroundTruth(long seed, List<String> partners) {
        this.partners = List.copyOf(partners);
        int n = partners.size();
        biases = new double[n];
        sharedKey = EffectHash.combine(seed, EffectHash.of("*"));
        partnerKeys = new long[n];
        for (int p = 0; p < n; p++) {
            partnerKeys[p] = EffectHash.combine(seed, EffectHash.of(partners.get(p)));
        }
        Map<String, DeviceCategory> agents = new HashMap<>();
        for (String ua : TrafficCatalog.USER_AGENTS) {
            agents.put(ua, DeviceCategory.ofUserAgent(ua));
        }
        knownUserAgents = Map.copyOf(agents);
        int sizes = TrafficCatalog.SLOT_SIZES.length;
        long[] packed = new long[sizes];
        for (int s = 0; s < sizes; s++) {
            packed[s] = (long) sizeKey(TrafficCatalog.SLOT_SIZES[s][0], TrafficCatalog.SLOT_SIZES[s][1]) << 32 | s;
        }
        Arrays.sort(packed);
        sortedSizeKeys = new int[sizes];
        sizeIndexOfSorted = new int[sizes];
        for (int i = 0; i < sizes; i++) {
            sortedSizeKeys[i] = (int) (packed[i] >> 32);
            sizeIndexOfSorted[i] = (int) packed[i];
        }

        regionEffects = new double[n][TrafficCatalog.REGIONS];
        cityEffects = new double[n][TrafficCatalog.CITIES];
        tagEffects = new double[n][TrafficCatalog.TAGS];
        sizeEffects = new double[n][sizes];
        hourEffects = new double[n][24];
        weekdayEffects = new double[n][7];
        positionEffects = new double[n][POSITIONS];
        floorEffects = new double[n][FLOOR_BUCKETS];
        deviceEffects = new double[n][DeviceCategory.values().length];
        regionHourEffects = new double[n][TrafficCatalog.REGIONS * 24];
        for (int p = 0; p < n; p++) {
            for (int r = 0; r < TrafficCatalog.REGIONS; r++) {
                regionEffects[p][r] = regionEffect(p, EffectHash.of(TrafficCatalog.regionCode(r)));
                for (int h = 0; h < 24; h++) {
                    regionHourEffects[p][r * 24 + h] =
                            regionHourEffect(p, EffectHash.of(TrafficCatalog.regionCode(r)), h);
                }
            }
            for (int c = 0; c < TrafficCatalog.CITIES; c++) {
                cityEffects[p][c] = cityEffect(p, EffectHash.of(TrafficCatalog.cityCode(c)));
            }
            for (int t = 0; t < TrafficCatalog.TAGS; t++) {
                tagEffects[p][t] = userTagEffect(p, EffectHash.of(TrafficCatalog.tagCode(t)));
            }
            for (int s = 0; s < sizes; s++) {
                sizeEffects[p][s] = hashed(SIZE, p, sizeKey(TrafficCatalog.SLOT_SIZES[s][0],
                        TrafficCatalog.SLOT_SIZES[s][1]), SD_SIZE);
            }
            for (int h = 0; h < 24; h++) {
                hourEffects[p][h] = HOUR_WAVE * Math.cos(2 * Math.PI * (h - 20) / 24.0) + hashed(HOUR, p, h, SD_HOUR);
            }
            for (int w = 0; w < 7; w++) {
                weekdayEffects[p][w] = hashed(WEEKDAY, p, w, SD_WEEKDAY);
            }
            for (int pos = 0; pos < POSITIONS; pos++) {
                positionEffects[p][pos] = POSITION_BASE[pos] + hashed(POSITION, p, pos, SD_POSITION);
            }
            for (int b = 0; b < FLOOR_BUCKETS; b++) {
                double base = b == 0 ? FLOOR_NONE_BASE : FLOOR_SLOPE * Math.max(0, b - FLOOR_KNEE_BUCKET);
                floorEffects[p][b] = base + hashed(FLOOR, p, b, SD_FLOOR);
            }
            for (DeviceCategory category : DeviceCategory.values()) {
                deviceEffects[p][category.ordinal()] =
                        DEVICE_BASE[category.ordinal()] + hashed(DEVICE, p, category.ordinal(), SD_DEVICE);
            }
        }
    }

    private GroundTruth(GroundTruth effects, double[] biases) {
        partners = effects.partners;
        this.biases = biases.clone();
        sharedKey = effects.sharedKey;
        partnerKeys = effects.partnerKeys;
        knownUserAgents = effects.knownUserAgents;
        sortedSizeKeys = effects.sortedSizeKeys;
        sizeIndexOfSorted = effects.sizeIndexOfSorted;
        regionEffects = effects.regionEffects;
        cityEffects = effects.cityEffects;
        tagEffects = effects.tagEffects;
        sizeEffects = effects.sizeEffects;
        hourEffects = effects.hourEffects;
        weekdayEffects = effects.weekdayEffects;
        positionEffects = effects.positionEffects;
        floorEffects = effects.floorEffects;
        deviceEffects = effects.deviceEffects;
        regionHourEffects = effects.regionHourEffects;
    }

    /** The same effects with the given per-partner intercepts {@code b_k}. */
    GroundTruth withBiases(double[] newBiases) {
        if (newBiases.length != partners.size()) {
            throw new IllegalArgumentException("need " + partners.size() + " biases, got " + newBiases.length);
        }
        return new GroundTruth(this, newBiases);
    }

    /** The fields of a request the truth depends on, resolved once and shared by all partners. */
    Inputs inputs(BidRequest request, Instant arrival) {
        return new Inputs(request, arrival);
    }

    /** {@code b_k} plus every effect: the true log-odds that partner {@code partner} bids. */
    double logit(int partner, Inputs in) {
        return biases[partner] + logitWithoutBias(partner, in);
    }

    /** The true probability that partner {@code partner} bids. */
    double probability(int partner, Inputs in) {
        return sigmoid(logit(partner, in));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Every effect except the intercept. */
    double logitWithoutBias(int p, Inputs in) {
        return mainEffects(p, in) + interactions(p, in);
    }

    /** The per-field terms, user tags included. */
    double mainEffects(int p, Inputs in) {
        double sum = mixed(in.sharedDomain, partnerGaussian(DOMAIN, p, in.domainKey), SD_DOMAIN)
                + mixed(in.sharedTagId, partnerGaussian(TAG_ID, p, in.tagIdKey), SD_TAG_ID)
                + (in.region >= 0 ? regionEffects[p][in.region] : regionEffect(p, in.regionKey))
                + (in.city >= 0 ? cityEffects[p][in.city] : cityEffect(p, in.cityKey))
                + (in.size >= 0 ? sizeEffects[p][in.size] : hashed(SIZE, p, in.sizeKey, SD_SIZE))
                + hourEffects[p][in.hour]
                + weekdayEffects[p][in.weekday]
                + positionEffects[p][in.position]
                + floorEffects[p][in.floorBucket]
                + deviceEffects[p][in.device];
        for (int t : in.tags) {
            sum += tagEffects[p][t];
        }
        for (long key : in.unknownTagKeys) {
            sum += userTagEffect(p, key);
        }
        return sum;
    }

    /** The pairwise interactions (region x hour, domain x size): no sum of one-field terms can represent them. */
    double interactions(int p, Inputs in) {
        return mixed(in.sharedDomainSize, partnerGaussian(DOMAIN_SIZE, p, in.domainSizeKey), SD_DOMAIN_SIZE)
                + (in.region >= 0 ? regionHourEffects[p][in.region * 24 + in.hour]
                        : regionHourEffect(p, in.regionKey, in.hour));
    }

    /**
     * The intercept that makes the mean of {@code sigmoid(b + offsets[i])} equal {@code target}. The mean is
     * increasing in b, so the root is unique.
     */
    static double calibrateBias(double[] offsets, double target) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target rate must be in (0, 1), got " + target);
        }
        // Newton steps inside a shrinking bisection bracket: converges in a handful of passes, never diverges.
        double low = -40;
        double high = 40;
        double b = 0;
        for (int iteration = 0; iteration < 100 && high - low > 1e-12; iteration++) {
            double mean = 0;
            double slope = 0;
            for (double offset : offsets) {
                double p = sigmoid(b + offset);
                mean += p;
                slope += p * (1 - p);
            }
            mean /= offsets.length;
            slope /= offsets.length;
            if (Math.abs(mean - target) < 1e-12) {
                return b;
            }
            if (mean < target) {
                low = b;
            } else {
                high = b;
            }
            double next = slope > 0 ? b - (mean - target) / slope : Double.NaN;
            b = next > low && next < high ? next : (low + high) / 2;
        }
        return b;
    }

    private static int sizeKey(int w, int h) {
        return w * 65_536 + h;
    }

    private double regionEffect(int p, long regionKey) {
        return hashed(REGION, p, regionKey, SD_REGION);
    }

    private double cityEffect(int p, long cityKey) {
        return hashed(CITY, p, cityKey, SD_CITY);
    }

    private double regionHourEffect(int p, long regionKey, int hour) {
        return hashed(REGION_HOUR, p, EffectHash.combine(regionKey, hour), SD_REGION_HOUR);
    }

    /** Advertiser x user tag: entirely partner-specific, advertisers target different audiences. */
    private double userTagEffect(int p, long tagKey) {
        return SD_USER_TAG * partnerGaussian(USER_TAG, p, tagKey);
    }

    /** {@code sd * (sqrt(rho) * z_shared + sqrt(1 - rho) * z_partner)}: a N(0, sd^2) effect. */
    private double hashed(long field, int p, long valueKey, double sd) {
        return mixed(sharedGaussian(field, valueKey), partnerGaussian(field, p, valueKey), sd);
    }

    private static double mixed(double shared, double partner, double sd) {
        return sd * (Math.sqrt(SHARED_VARIANCE) * shared + Math.sqrt(1 - SHARED_VARIANCE) * partner);
    }

    private double sharedGaussian(long field, long valueKey) {
        return EffectHash.gaussian(EffectHash.combine(EffectHash.combine(sharedKey, field), valueKey));
    }

    private double partnerGaussian(long field, int p, long valueKey) {
        return EffectHash.gaussian(EffectHash.combine(EffectHash.combine(partnerKeys[p], field), valueKey));
    }

    private int sizeIndex(int key) {
        int found = Arrays.binarySearch(sortedSizeKeys, key);
        return found >= 0 ? sizeIndexOfSorted[found] : -1;
    }

    /** A request resolved to vocabulary indices (or -1 and a hash key for values outside the catalog). */
    final class Inputs {
        final long domainKey;
        final long tagIdKey;
        final long domainSizeKey;
        final double sharedDomain;
        final double sharedTagId;
        final double sharedDomainSize;
        final int region;
        final long regionKey;
        final int city;
        final long cityKey;
        final int size;
        final long sizeKey;
        final int hour;
        final int weekday;
        final int position;
        final int floorBucket;
        final int device;
        final int[] tags;
        final long[] unknownTagKeys;

        private Inputs(BidRequest request, Instant arrival) {
            Imp imp = request.getImpCount() > 0 ? request.getImp(0) : Imp.getDefaultInstance();
            Banner banner = imp.getBanner();
            String domain = request.getSite().getDomain();
            domainKey = EffectHash.of(domain);
            tagIdKey = EffectHash.of(imp.getTagid());
            int sizeInt = sizeKey(banner.getW(), banner.getH());
            sizeKey = sizeInt;
            size = sizeIndex(sizeInt);
            domainSizeKey = EffectHash.combine(domainKey, sizeInt);
            sharedDomain = sharedGaussian(DOMAIN, domainKey);
            sharedTagId = sharedGaussian(TAG_ID, tagIdKey);
            sharedDomainSize = sharedGaussian(DOMAIN_SIZE, domainSizeKey);

            String regionCode = request.getDevice().getGeo().getRegion();
            region = TrafficCatalog.regionIndex(regionCode);
            regionKey = region < 0 ? EffectHash.of(regionCode) : 0;
            String cityCode = request.getDevice().getGeo().getCity();
            city = TrafficCatalog.cityIndex(cityCode);
            cityKey = city < 0 ? EffectHash.of(cityCode) : 0;

            RequestTime time = RequestTime.at(arrival, request.getDevice().getGeo().getUtcoffset());
            hour = time.hourOfDay();
            weekday = time.weekday();
            // Positions outside the catalog (OpenRTB 3+) carry no visibility signal here: treat as unknown.
            int pos = banner.getPos();
            position = pos >= 0 && pos < POSITIONS ? pos : 0;
            floorBucket = FeatureExtractor.floorBucket(imp.getBidfloorMicros());
            String ua = request.getDevice().getUa();
            DeviceCategory known = knownUserAgents.get(ua);
            device = (known != null ? known : DeviceCategory.ofUserAgent(ua)).ordinal();

            int segments = 0;
            for (Data data : request.getUser().getDataList()) {
                segments += data.getSegmentCount();
            }
            int[] knownTags = new int[segments];
            long[] otherTags = NO_KEYS;
            int nKnown = 0;
            int nOther = 0;
            for (Data data : request.getUser().getDataList()) {
                for (int s = 0; s < data.getSegmentCount(); s++) {
                    String id = data.getSegment(s).getId();
                    int t = TrafficCatalog.tagIndex(id);
                    if (t >= 0) {
                        knownTags[nKnown++] = t;
                    } else {
                        if (otherTags.length == 0) {
                            otherTags = new long[segments];
                        }
                        otherTags[nOther++] = EffectHash.of(id);
                    }
                }
            }
            tags = nKnown == segments ? knownTags : Arrays.copyOf(knownTags, nKnown);
            unknownTagKeys = nOther == 0 ? NO_KEYS : Arrays.copyOf(otherTags, nOther);
        }
    }
}
