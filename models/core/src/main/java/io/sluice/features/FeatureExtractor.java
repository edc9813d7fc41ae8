package io.sluice.features;

import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.FeatureField;
import io.sluice.api.v1.FeatureSpec;
import io.sluice.api.v1.Imp;
import java.util.List;

/**
 * Turns a bid request into the model's input columns. Training and serving both call this class, so the
 * vector a model was trained on is the vector it is served with.
 *
 * <p>Every field owns a contiguous slot of columns. Categorical strings are hashed into their slot
 * ({@link FeatureHashing}); small closed sets (hour, weekday, device category, position, floor bucket) are
 * one-hot. The device category column is one whether it comes from the user agent or, for callers that classify
 * the agent themselves, from {@code device.ua_category} ({@link DeviceCategory#of}). Two crossed fields, region x
 * local hour and domain x slot size, give the model the interactions a sum of per-field effects cannot express
 * (traffic value by time of day differs per region; a size sells differently per site). Hash slots are wide
 * (about 112K columns in all) because collisions merge unrelated values: the model only ever touches the few active
 * columns of a request (an embedding-bag first layer), so width costs memory, not time. Any change to fields, sizes
 * or hashing must bump {@link #SPEC_VERSION}: artifacts record the spec and a server refuses one it does not
 * implement.
 */
public final class FeatureExtractor {

    public static final String SPEC_NAME = "sluice-hashed";
    public static final int SPEC_VERSION = 2;
    /** Segments beyond this many are ignored; request validation rejects more before they get here. */
    public static final int MAX_SEGMENTS = 64;

    private static final String HASH = "hash";
    private static final String CATEGORY = "category";
    private static final String HASH_CROSS = "hash-cross";

    private static final Slot DOMAIN = new Slot("site.domain", 0, 16_384, HASH);
    private static final Slot TAG_ID = DOMAIN.next("imp.tagid", 32_768, HASH);
    private static final Slot REGION = TAG_ID.next("device.geo.region", 1024, HASH);
    private static final Slot CITY = REGION.next("device.geo.city", 8192, HASH);
    private static final Slot DEVICE = CITY.next("device.ua.category", DeviceCategory.values().length, CATEGORY);
    private static final Slot HOUR = DEVICE.next("local.hour", 24, CATEGORY);
    private static final Slot WEEKDAY = HOUR.next("local.weekday", 7, CATEGORY);
    private static final Slot SLOT_SIZE = WEEKDAY.next("imp.banner.size", 1024, HASH);
    private static final Slot POSITION = SLOT_SIZE.next("imp.banner.pos", 8, CATEGORY);
    private static final Slot SEGMENTS = POSITION.next("user.data.segment", 4096, HASH);
    /** Buckets of {@link #floorBucket}. */
    public static final int FLOOR_BUCKETS = 16;
    private static final Slot FLOOR = SEGMENTS.next("imp.bidfloor.log2", FLOOR_BUCKETS, CATEGORY);
    private static final Slot REGION_HOUR = FLOOR.next("device.geo.region x local.hour", 16_384, HASH_CROSS);
    private static final Slot DOMAIN_SIZE = REGION_HOUR.next("site.domain x imp.banner.size", 32_768, HASH_CROSS);

    private static final List<Slot> SLOTS = List.of(DOMAIN, TAG_ID, REGION, CITY, DEVICE, HOUR, WEEKDAY, SLOT_SIZE,
            POSITION, SEGMENTS, FLOOR, REGION_HOUR, DOMAIN_SIZE);

    /** Width of the input vector. */
    public static final int DIMENSION = DOMAIN_SIZE.offset() + DOMAIN_SIZE.size();
    /** Upper bound on active columns: one per single-valued field plus the segments. */
    public static final int MAX_ACTIVE_FEATURES = SLOTS.size() - 1 + MAX_SEGMENTS;

    /** Floor buckets are log2 of the floor in hundredths of the currency unit (fen for CNY). */
    private static final long FLOOR_UNIT_MICROS = 10_000;

    private static final FeatureSpec SPEC = buildSpec();

    private FeatureExtractor() {
    }

    /** The spec this code implements, as recorded in model manifests. */
    public static FeatureSpec spec() {
        return SPEC;
    }

    /** Fills {@code out} with the active columns of {@code request} arriving at {@code time}. */
    public static void extract(BidRequest request, RequestTime time, FeatureVector out) {
        out.clear();
        Imp imp = request.getImpCount() > 0 ? request.getImp(0) : Imp.getDefaultInstance();
        Banner banner = imp.getBanner();
        int domain = FeatureHashing.hash(request.getSite().getDomain());
        int region = FeatureHashing.hash(request.getDevice().getGeo().getRegion());
        int size = banner.getW() * 65_536 + banner.getH();
        DOMAIN.hashed(domain, out);
        TAG_ID.hashed(imp.getTagid(), out);
        REGION.hashed(region, out);
        CITY.hashed(request.getDevice().getGeo().getCity(), out);
        DEVICE.category(DeviceCategory.of(request.getDevice()).ordinal(), out);
        HOUR.category(time.hourOfDay(), out);
        WEEKDAY.category(time.weekday(), out);
        SLOT_SIZE.hashed(size, out);
        POSITION.category(Math.min(Math.max(banner.getPos(), 0), POSITION.size() - 1), out);
        int segmentsStart = out.size();
        int segments = 0;
        // Indexed loops: a for-each would allocate an iterator per request on the hot path.
        for (int d = 0; d < request.getUser().getDataCount(); d++) {
            Data data = request.getUser().getData(d);
            for (int s = 0; s < data.getSegmentCount() && segments < MAX_SEGMENTS; s++, segments++) {
                SEGMENTS.hashedMember(data.getSegment(s).getId(), out, segmentsStart);
            }
        }
        FLOOR.category(floorBucket(imp.getBidfloorMicros()), out);
        REGION_HOUR.hashed(FeatureHashing.pair(region, time.hourOfDay()), out);
        DOMAIN_SIZE.hashed(FeatureHashing.pair(domain, size), out);
    }

    /**
     * 0 for no floor, else 1 + floor(log2(floor in hundredths of the currency unit, fen for CNY)), capped at the
     * last bucket. The synthetic generator draws its floor effect per bucket from this same function.
     */
    public static int floorBucket(long floorMicros) {
        long hundredths = floorMicros / FLOOR_UNIT_MICROS;
        if (hundredths <= 0) {
            return 0;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(hundredths);
        return Math.min(1 + log2, FLOOR.size() - 1);
    }

    private static FeatureSpec buildSpec() {
        FeatureSpec.Builder spec = FeatureSpec.newBuilder().setName(SPEC_NAME).setVersion(SPEC_VERSION)
                .setDimension(DIMENSION);
        for (Slot slot : SLOTS) {
            spec.addFields(FeatureField.newBuilder().setName(slot.name()).setOffset(slot.offset())
                    .setSize(slot.size()).setEncoding(slot.encoding()));
        }
        return spec.build();
    }

    /** A field's contiguous block of columns. */
    private record Slot(String name, int offset, int size, String encoding) {

        Slot next(String nextName, int nextSize, String nextEncoding) {
            return new Slot(nextName, offset + size, nextSize, nextEncoding);
        }

        int salt() {
            return name.hashCode();
        }

        void hashed(CharSequence value, FeatureVector out) {
            hashedMember(value, out, out.size());
        }

        void hashedMember(CharSequence value, FeatureVector out, int searchFrom) {
            out.activate(offset + FeatureHashing.bucket(FeatureHashing.hash(value), salt(), size), searchFrom);
        }

        void hashed(int value, FeatureVector out) {
            out.activate(offset + FeatureHashing.bucket(value, salt(), size), out.size());
        }

        void category(int value, FeatureVector out) {
            out.activate(offset + value, out.size());
        }
    }
}
