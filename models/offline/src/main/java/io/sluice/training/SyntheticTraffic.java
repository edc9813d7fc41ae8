package io.sluice.training;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.LabeledBidRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded, streaming generator of labelled bid requests whose true bid probabilities are known, with marginals
 * shaped after the public iPinYou statistics ({@code shared/notes/data-calibration.md}).
 *
 * <h2>Rows</h2>
 * One imp per request. {@code site.domain} is Zipf(1.05) over {@link Config#domains()}; {@code imp.tagid} is one
 * of the domain's {@link Config#slotsPerDomain()} slots (slot j half as popular as slot j-1). Each slot has a
 * hashed default banner size (29 sizes, 300x250 about 30%), position (0 unknown 48%, 1 first view 36%, 2 second
 * view 16%) and floor (290 fen values, 32% of draws zero); a request keeps the default with probability
 * 0.7 / 0.8 / 0.8, else redraws from the same marginal. Because traffic is heavy-tailed, the busiest slots'
 * defaults move the realised shares by seed (zero floors 27-42% of rows, 300x250 25-39%, over seeds 1-20). Device: 13 user agents (PC ~69%, smartphone ~18%,
 * tablet 5%, feature phone 5%, crawler 3%), IPv4 with the last octet masked, region (35, Zipf 0.9) and a city
 * of that region (370 in all), utcoffset 480. User: random id; 20.6% untagged, otherwise 1 + Poisson(4.7)
 * distinct tags (mean 5.7) out of 68, Zipf(0.7). Arrival times are non-decreasing over
 * {@code [start, start + span)} with a local hour-of-day traffic shape
 * (118K at 04:00 to 982K at 22:00). Every partner's label is Bernoulli(its true probability).
 *
 * <h2>True probability</h2>
 * For partner k, {@code p_k(x) = sigmoid(logit_k(x))} with
 * <pre>
 * logit_k = b_k
 *         + D_k(site.domain)          sd 0.30     + T_k(imp.tagid)          sd 0.30
 *         + R_k(geo.region)           sd 0.40     + C_k(geo.city)           sd 0.25
 *         + H_k(local hour)  = 0.15 cos(2 pi (hour - 20) / 24) + N(0, 0.20^2)
 *         + W_k(local weekday)        sd 0.10
 *         + S_k(banner w x h)         sd 0.40
 *         + P_k(banner.pos)  = {-0.10, +0.30, -0.20}[pos] + N(0, 0.08^2)      (pos outside 0..2 counts as 0)
 *         + F_k(floor bucket) = (bucket == 0 ? +0.15 : -0.20 max(0, bucket - 4)) + N(0, 0.08^2)
 *         + V_k(device category of ua) = {smartphone 0, feature phone -0.6, tablet +0.1, pc 0, crawler -3.0,
 *                                         misc -0.4, unknown -0.4} + N(0, 0.25^2)
 *         + sum over the user's segment ids s of U_k(s)            sd 0.32   (advertiser x usertag)
 *         + RH_k(region, local hour)  sd 0.33                                (interaction)
 *         + DS_k(site.domain, banner w x h) sd 0.33                          (interaction)
 * </pre>
 * Local hour and weekday are {@link io.sluice.features.RequestTime#at} of the arrival and
 * {@code device.geo.utcoffset}; the floor bucket is the feature code's (0 for no floor, else
 * 1 + floor(log2(floor in fen)), capped at 15); the device category is
 * {@link io.sluice.features.DeviceCategory#ofUserAgent}. So every term is a function of fields the model sees.
 * Each "N(0, sd^2)" term is not drawn from an RNG but hashed: {@code sd * (sqrt(1/2) z_shared + sqrt(1/2) z_k)},
 * where {@code z_shared} (common to all partners) and {@code z_k} are standard normals computed by Box-Muller
 * from a SplitMix64 hash of (seed, "*" or partner id, field, value). U_k has no shared part. Values outside the
 * generator's vocabulary (any domain, an unknown region, ...) get effects the same way, so the function is
 * defined for every request.
 *
 * <p>Each intercept {@code b_k} is solved at construction so that the mean of {@code p_k} over a fixed
 * 20,000-row sample (its own seed derived from the config seed) equals the partner's iPinYou win rate: 1458
 * 21.0%, 3358 46.4%, 3386 20.2%, 3427 18.5%, 3476 29.4%, 2259 28.0%, 2261 31.8%, 2821 25.0%, 2997 30.7%.
 * With these sizes the Bayes AUC (true p against the drawn labels) is about 0.77-0.80 per partner, and the
 * additive part alone (the two interactions removed) scores about 0.02 lower.
 *
 * <p>Instances are immutable and thread-safe; each iterator from {@link #rows} is single-threaded.
 */
public final class SyntheticTraffic {

    private static final List<String> PARTNER_IDS =
            List.of("1458", "3358", "3386", "3427", "3476", "2259", "2261", "2821", "2997");
    /** iPinYou win rates per advertiser, in {@link #PARTNER_IDS} order, used as the target bid rates. */
    private static final double[] TARGET_BID_RATES = {0.210, 0.464, 0.202, 0.185, 0.294, 0.280, 0.318, 0.250, 0.307};
    static final int CALIBRATION_ROWS = 20_000;
    /** Salts the calibration sample's seed so it is not the first rows of {@link #rows}. */
    private static final long CALIBRATION_SALT = 0x5EED_CA11_B4A7_E000L;

    /**
     * Generator settings.
     *
     * @param seed           fixes every row and every effect size
     * @param start          first possible arrival time
     * @param span           arrival times fall in {@code [start, start + span)}
     * @param domains        number of distinct site domains (Zipf-popular)
     * @param slotsPerDomain ad slots (tag ids) per domain
     */
    public record Config(long seed, Instant start, Duration span, int domains, int slotsPerDomain) {

        public Config {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(span, "span");
            if (span.isNegative() || span.isZero()) {
                throw new IllegalArgumentException("span must be positive, got " + span);
            }
            if (domains < 1) {
                throw new IllegalArgumentException("domains must be >= 1, got " + domains);
            }
            if (slotsPerDomain < 1) {
                throw new IllegalArgumentException("slotsPerDomain must be >= 1, got " + slotsPerDomain);
            }
        }

        /** Two weeks from 2026-06-01T00:00Z (a Monday) over 20,000 domains with 3 slots each. */
        public static Config defaults(long seed) {
            // Two weeks, so a split by time (oldest 80% train) still trains on every weekday it tests on.
            return new Config(seed, Instant.parse("2026-06-01T00:00:00Z"), Duration.ofDays(14), 20_000, 3);
        }
    }

    private final Config config;
    private final RequestSampler sampler;
    private final ArrivalSchedule schedule;
    private final GroundTruth truth;

    /** Builds the generator and solves the per-partner intercepts (a few hundred milliseconds). */
    public SyntheticTraffic(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        sampler = new RequestSampler(config.seed(), config.domains(), config.slotsPerDomain());
        schedule = new ArrivalSchedule(config.start(), config.span(), TrafficCatalog.HOURLY_TRAFFIC,
                TrafficCatalog.UTC_OFFSET_MINUTES);
        truth = calibrate(new GroundTruth(config.seed(), PARTNER_IDS));
    }

    /** The nine iPinYou advertiser ids, in a fixed order. */
    public static List<String> partnerIds() {
        return PARTNER_IDS;
    }

    /** The mean true bid probability each partner is calibrated to, keyed like {@link #partnerIds()}. */
    static double targetBidRate(String partnerId) {
        return TARGET_BID_RATES[partnerIndex(partnerId)];
    }

    /** The settings this generator was built with. */
    public Config config() {
        return config;
    }

    /**
     * {@code count} rows with non-decreasing arrival times spread over the configured span. Streams: memory does
     * not grow with {@code count}. The same seed and count give the same rows.
     */
    public Iterator<LabeledBidRequest> rows(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        return new RowIterator(count);
    }

    /** The true probability that {@code partnerId} bids on {@code request} arriving at {@code arrival}. */
    public double trueProbability(String partnerId, BidRequest request, Instant arrival) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(arrival, "arrival");
        return truth.probability(partnerIndex(partnerId), truth.inputs(request, arrival));
    }

    private static int partnerIndex(String partnerId) {
        int index = PARTNER_IDS.indexOf(partnerId);
        if (index < 0) {
            throw new IllegalArgumentException("unknown partner id '" + partnerId + "'; expected one of "
                    + PARTNER_IDS);
        }
        return index;
    }

    /** Sets each b_k so the partner's mean true probability over a fixed sample equals its target rate. */
    private GroundTruth calibrate(GroundTruth uncalibrated) {
        int partners = PARTNER_IDS.size();
        double[][] offsets = new double[partners][CALIBRATION_ROWS];
        SplittableRandom random = new SplittableRandom(EffectHash.combine(config.seed(), CALIBRATION_SALT));
        ArrivalSchedule.Cursor arrivals = schedule.cursor(CALIBRATION_ROWS);
        for (int i = 0; i < CALIBRATION_ROWS; i++) {
            Instant arrival = arrivals.next(random);
            GroundTruth.Inputs inputs = uncalibrated.inputs(sampler.next(random), arrival);
            for (int p = 0; p < partners; p++) {
                offsets[p][i] = uncalibrated.logitWithoutBias(p, inputs);
            }
        }
        double[] biases = new double[partners];
        for (int p = 0; p < partners; p++) {
            biases[p] = GroundTruth.calibrateBias(offsets[p], TARGET_BID_RATES[p]);
        }
        return uncalibrated.withBiases(biases);
    }

    /** One pass of {@link #rows}: request fields, arrival times and labels all come from one seeded stream. */
    private final class RowIterator implements Iterator<LabeledBidRequest> {

        private final long count;
        private final SplittableRandom random = new SplittableRandom(config.seed());
        private final ArrivalSchedule.Cursor arrivals;
        private long produced;

        RowIterator(long count) {
            this.count = count;
            this.arrivals = schedule.cursor(count);
        }

        @Override
        public boolean hasNext() {
            return produced < count;
        }

        @Override
        public LabeledBidRequest next() {
            if (!hasNext()) {
                throw new NoSuchElementException("all " + count + " rows were produced");
            }
            produced++;
            Instant arrival = arrivals.next(random);
            BidRequest request = sampler.next(random);
            GroundTruth.Inputs inputs = truth.inputs(request, arrival);
            LabeledBidRequest.Builder row = LabeledBidRequest.newBuilder()
                    .setRequest(request)
                    .setArrivalTime(Timestamp.newBuilder().setSeconds(arrival.getEpochSecond())
                            .setNanos(arrival.getNano()));
            for (int p = 0; p < PARTNER_IDS.size(); p++) {
                double probability = truth.probability(p, inputs);
                row.putBids(PARTNER_IDS.get(p), random.nextDouble() < probability);
                row.putTrueProbability(PARTNER_IDS.get(p), probability);
            }
            return row.build();
        }
    }
}
