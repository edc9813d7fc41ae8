package io.sluice.training;

import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.Segment;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.User;
import java.util.SplittableRandom;

/**
 * Draws synthetic bid requests with iPinYou-like marginals ({@link TrafficCatalog}).
 *
 * <p>A slot (tag id) is a domain plus a slot number. Each slot has a default size, position and floor fixed by
 * hashing (seed, domain, slot); a request keeps each default with a fixed probability and otherwise redraws it
 * from the global marginal. Defaults come from that same marginal, so the marginals are unchanged, while size
 * still varies within a tag id (which keeps the domain x size interaction from being just a tag id effect).
 */
final class RequestSampler {

    private static final double KEEP_SLOT_SIZE = 0.7;
    private static final double KEEP_SLOT_POSITION = 0.8;
    private static final double KEEP_SLOT_FLOOR = 0.8;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String[] TOP_LEVEL_DOMAINS = {".com", ".cn", ".com.cn", ".net"};
    /** Tag ids look like iPinYou slot ids, {@code mm_<8 digits>_<slot>}; the digits scramble the domain index. */
    private static final long TAG_ID_MODULUS = 90_000_000L;

    private final long seed;
    private final String[] domainNames;
    private final String[] domainPages;
    private final String[] tagIdPrefixes;
    private final DiscreteDistribution domains;
    private final DiscreteDistribution slots;
    private final DiscreteDistribution sizes = new DiscreteDistribution(TrafficCatalog.slotSizeWeights());
    private final DiscreteDistribution positions = new DiscreteDistribution(TrafficCatalog.POSITION_SHARES);
    private final long[] floorMicros;
    private final DiscreteDistribution floors;
    private final DiscreteDistribution userAgents = new DiscreteDistribution(TrafficCatalog.USER_AGENT_WEIGHTS);
    private final DiscreteDistribution regions =
            DiscreteDistribution.zipf(TrafficCatalog.REGIONS, TrafficCatalog.REGION_ZIPF_EXPONENT);
    private final int[][] citiesOfRegion;
    private final DiscreteDistribution[] cityWithinRegion;
    private final DiscreteDistribution tags = DiscreteDistribution.zipf(TrafficCatalog.TAGS,
            TrafficCatalog.TAG_ZIPF_EXPONENT);
    private final double emptyExtraTagsProbability = Math.exp(-(TrafficCatalog.MEAN_TAGS_WHEN_TAGGED - 1));
    private final String[] regionCodes = new String[TrafficCatalog.REGIONS];
    private final String[] cityCodes = new String[TrafficCatalog.CITIES];
    private final Segment[] tagSegments = new Segment[TrafficCatalog.TAGS];

    RequestSampler(long seed, int domainCount, int slotsPerDomain) {
        this.seed = seed;
        domains = DiscreteDistribution.zipf(domainCount, TrafficCatalog.DOMAIN_ZIPF_EXPONENT);
        double[] slotWeights = new double[slotsPerDomain];
        for (int j = 0; j < slotsPerDomain; j++) {
            slotWeights[j] = Math.pow(TrafficCatalog.SLOT_DECAY, j);
        }
        slots = new DiscreteDistribution(slotWeights);
        domainNames = new String[domainCount];
        domainPages = new String[domainCount];
        tagIdPrefixes = new String[domainCount];
        for (int d = 0; d < domainCount; d++) {
            // 7919 is coprime to the modulus, so distinct domains get distinct codes (for < 90M domains).
            long code = 10_000_000L + Math.floorMod(d * 7919L + 1234L, TAG_ID_MODULUS);
            domainNames[d] = Long.toString(code * 37 + 11, 36) + TOP_LEVEL_DOMAINS[(int) (code % 4)];
            domainPages[d] = "http://" + domainNames[d] + "/";
            tagIdPrefixes[d] = "mm_" + code + "_";
        }
        long[] floorFen = TrafficCatalog.floorFen();
        floors = new DiscreteDistribution(TrafficCatalog.floorWeights(floorFen));
        floorMicros = new long[floorFen.length];
        for (int i = 0; i < floorFen.length; i++) {
            floorMicros[i] = floorFen[i] * TrafficCatalog.MICROS_PER_FEN;
        }
        int[] regionOfCity = TrafficCatalog.cityRegions();
        int[] cityCounts = new int[TrafficCatalog.REGIONS];
        for (int region : regionOfCity) {
            cityCounts[region]++;
        }
        citiesOfRegion = new int[TrafficCatalog.REGIONS][];
        cityWithinRegion = new DiscreteDistribution[TrafficCatalog.REGIONS];
        for (int r = 0; r < TrafficCatalog.REGIONS; r++) {
            citiesOfRegion[r] = new int[cityCounts[r]];
            cityWithinRegion[r] = DiscreteDistribution.zipf(cityCounts[r], TrafficCatalog.CITY_ZIPF_EXPONENT);
            regionCodes[r] = TrafficCatalog.regionCode(r);
        }
        int[] filled = new int[TrafficCatalog.REGIONS];
        for (int c = 0; c < regionOfCity.length; c++) {
            citiesOfRegion[regionOfCity[c]][filled[regionOfCity[c]]++] = c;
            cityCodes[c] = TrafficCatalog.cityCode(c);
        }
        for (int t = 0; t < TrafficCatalog.TAGS; t++) {
            tagSegments[t] = Segment.newBuilder().setId(TrafficCatalog.tagCode(t)).build();
        }
    }

    BidRequest next(SplittableRandom random) {
        String id = hex(random.nextLong(), random.nextLong());
        int domain = domains.sample(random);
        int slot = slots.sample(random);
        long slotKey = EffectHash.combine(EffectHash.combine(seed, domain), slot);
        int size = random.nextDouble() < KEEP_SLOT_SIZE
                ? sizes.sample(EffectHash.uniform(slotKey + 1)) : sizes.sample(random);
        int position = random.nextDouble() < KEEP_SLOT_POSITION
                ? positions.sample(EffectHash.uniform(slotKey + 2)) : positions.sample(random);
        int floor = random.nextDouble() < KEEP_SLOT_FLOOR
                ? floors.sample(EffectHash.uniform(slotKey + 3)) : floors.sample(random);
        int[] wh = TrafficCatalog.SLOT_SIZES[size];
        Imp imp = Imp.newBuilder()
                .setId("1")
                .setTagid(tagIdPrefixes[domain] + (slot + 1))
                .setBanner(Banner.newBuilder().setW(wh[0]).setH(wh[1]).setPos(position))
                .setBidfloorMicros(floorMicros[floor])
                .setBidfloorcur(TrafficCatalog.CURRENCY)
                .build();
        int region = regions.sample(random);
        int city = citiesOfRegion[region][cityWithinRegion[region].sample(random)];
        Device device = Device.newBuilder()
                .setUa(TrafficCatalog.USER_AGENTS.get(userAgents.sample(random)))
                .setIp(maskedIp(random))
                .setGeo(Geo.newBuilder().setRegion(regionCodes[region]).setCity(cityCodes[city])
                        .setUtcoffset(TrafficCatalog.UTC_OFFSET_MINUTES))
                .build();
        User.Builder user = User.newBuilder().setId(hex(random.nextLong()));
        if (random.nextDouble() >= TrafficCatalog.UNTAGGED_SHARE) {
            user.addData(segments(random));
        }
        return BidRequest.newBuilder()
                .setId(id)
                .addImp(imp)
                .setSite(Site.newBuilder().setDomain(domainNames[domain]).setPage(domainPages[domain]))
                .setDevice(device)
                .setUser(user)
                .build();
    }

    /** 1 + Poisson(mean - 1) distinct tags by popularity, listed in catalog order. */
    private Data segments(SplittableRandom random) {
        int extra = 0;
        for (double product = random.nextDouble(); product > emptyExtraTagsProbability;
                product *= random.nextDouble()) {
            extra++;
        }
        int wanted = Math.min(1 + extra, TrafficCatalog.TAGS);
        long low = 0;
        long high = 0;
        for (int have = 0; have < wanted; ) {
            int tag = tags.sample(random);
            long bit = 1L << (tag & 63);
            if (tag < 64 ? (low & bit) == 0 : (high & bit) == 0) {
                if (tag < 64) {
                    low |= bit;
                } else {
                    high |= bit;
                }
                have++;
            }
        }
        Data.Builder data = Data.newBuilder().setId(TrafficCatalog.SEGMENT_PROVIDER);
        for (int t = 0; t < TrafficCatalog.TAGS; t++) {
            long word = t < 64 ? low : high;
            if ((word & (1L << (t & 63))) != 0) {
                data.addSegment(tagSegments[t]);
            }
        }
        return data.build();
    }

    private static String maskedIp(SplittableRandom random) {
        int first = TrafficCatalog.IP_FIRST_OCTETS[random.nextInt(TrafficCatalog.IP_FIRST_OCTETS.length)];
        return first + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0";
    }

    private static String hex(long... words) {
        char[] out = new char[16 * words.length];
        int n = 0;
        for (long word : words) {
            for (int shift = 60; shift >= 0; shift -= 4) {
                out[n++] = HEX[(int) (word >>> shift) & 0xF];
            }
        }
        return new String(out);
    }
}
