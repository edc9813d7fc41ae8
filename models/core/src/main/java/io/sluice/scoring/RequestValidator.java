package io.sluice.scoring;

import static io.sluice.scoring.ScoringException.invalid;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.features.DeviceCategory;
import java.time.Instant;
import java.util.Map;

/**
 * Rejects requests the model must not score, with INVALID_ARGUMENT naming the field. Checks that need the
 * serving model (which partners exist) live in {@link ScoringService}.
 */
public final class RequestValidator {

    private static final int MAX_SLOT_PIXELS = 10_000;
    private static final int MAX_POSITION = 7;
    private static final int MIN_UTC_OFFSET_MINUTES = -12 * 60;
    private static final int MAX_UTC_OFFSET_MINUTES = 14 * 60;
    private static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59Z");

    private final RequestLimits limits;

    public RequestValidator(RequestLimits limits) {
        this.limits = limits;
    }

    /** Checks {@code request} against the limits; the exception names the first field that is wrong. */
    public void validate(ScoreRequest request) throws ScoringException {
        validateOptions(request);
        if (!request.hasBidRequest()) {
            throw invalid("bid_request: required (or the exchange's OpenRTB JSON as openrtb_json)");
        }
        validate(request.getBidRequest(), FieldNames.PROTO);
    }

    /** Checks what {@code request} asks besides its bid request: arrival time, partners and thresholds. */
    public void validateOptions(ScoreRequest request) throws ScoringException {
        if (request.hasArrivalTime()) {
            arrivalTime(request.getArrivalTime());
        }
        if (request.getPartnerIdsCount() > limits.maxPartners()) {
            throw invalid("partner_ids: at most " + limits.maxPartners() + " partners, got "
                    + request.getPartnerIdsCount());
        }
        for (int i = 0; i < request.getPartnerIdsCount(); i++) {
            validatePartnerId(i, request.getPartnerIds(i));
        }
        // Read once: each read of an unset map field builds an empty map (objects per call on the hot path).
        Map<String, Double> thresholds = request.getThresholdsMap();
        if (thresholds.isEmpty()) {
            return;
        }
        if (thresholds.size() > limits.maxPartners()) {
            throw invalid("thresholds: at most " + limits.maxPartners() + " partners, got " + thresholds.size());
        }
        for (Map.Entry<String, Double> threshold : thresholds.entrySet()) {
            if (threshold.getKey().length() > limits.maxStringLength()) {
                throw invalid("thresholds: a partner id is longer than " + limits.maxStringLength() + " characters");
            }
            double value = threshold.getValue();
            if (!(value >= 0 && value <= 1)) {
                throw invalid("thresholds[" + ScoringException.shortened(threshold.getKey()) + "]: must be in [0, 1], got "
                        + value);
            }
        }
    }

    /** Checks the {@code index}-th partner id a request names against the limits. */
    public void validatePartnerId(int index, String partnerId) throws ScoringException {
        if (partnerId.length() > limits.maxStringLength()) {
            throw tooLong("partner_ids[" + index + "]", limits.maxStringLength());
        }
    }

    /** Checks {@code bid} against the limits; the exception names the first wrong field as {@code names} says. */
    public void validate(BidRequest bid, FieldNames names) throws ScoringException {
        if (bid.getId().isEmpty()) {
            throw invalid(names.of("id") + ": required");
        }
        text(names, "id", bid.getId(), limits.maxStringLength());
        if (bid.getImpCount() == 0) {
            throw invalid(names.of("imp") + ": at least one impression is required");
        }
        Imp imp = bid.getImp(0);
        if (imp.getBidfloorMicros() < 0) {
            throw invalid(names.of("imp[0].bidfloor_micros") + ": must not be negative, got "
                    + imp.getBidfloorMicros());
        }
        Banner banner = imp.getBanner();
        range(names, "imp[0].banner.w", banner.getW(), 0, MAX_SLOT_PIXELS);
        range(names, "imp[0].banner.h", banner.getH(), 0, MAX_SLOT_PIXELS);
        range(names, "imp[0].banner.pos", banner.getPos(), 0, MAX_POSITION);
        text(names, "imp[0].tagid", imp.getTagid(), limits.maxStringLength());
        text(names, "site.domain", bid.getSite().getDomain(), limits.maxStringLength());
        text(names, "device.ua", bid.getDevice().getUa(), limits.maxUserAgentLength());
        range(names, "device.ua_category", bid.getDevice().getUaCategoryValue(), 0, DeviceCategory.values().length);
        text(names, "device.geo.region", bid.getDevice().getGeo().getRegion(), limits.maxStringLength());
        text(names, "device.geo.city", bid.getDevice().getGeo().getCity(), limits.maxStringLength());
        range(names, "device.geo.utcoffset", bid.getDevice().getGeo().getUtcoffset(),
                MIN_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES);
        if (bid.getTmax() < 0) {
            throw invalid(names.of("tmax") + ": must not be negative, got " + bid.getTmax());
        }
        int segments = 0;
        for (int d = 0; d < bid.getUser().getDataCount(); d++) {
            Data data = bid.getUser().getData(d);
            segments += data.getSegmentCount();
            if (segments > limits.maxSegments()) {
                throw invalid(names.of("user.data") + ": more than " + limits.maxSegments() + " segments in total");
            }
            for (int s = 0; s < data.getSegmentCount(); s++) {
                if (data.getSegment(s).getId().length() > limits.maxStringLength()) {
                    throw tooLong(names.of("user.data[" + d + "].segment[" + s + "].id"), limits.maxStringLength());
                }
            }
        }
    }

    /** Within protobuf's Timestamp range, which also keeps {@code arrival + tmax} inside {@link Instant}'s. */
    private static void arrivalTime(Timestamp arrival) throws ScoringException {
        long seconds = arrival.getSeconds();
        if (seconds < MIN_TIMESTAMP.getEpochSecond() || seconds > MAX_TIMESTAMP.getEpochSecond()) {
            throw invalid("arrival_time: must be from " + MIN_TIMESTAMP + " to " + MAX_TIMESTAMP + ", got "
                    + seconds + " seconds since the epoch");
        }
        if (arrival.getNanos() < 0 || arrival.getNanos() > 999_999_999) {
            throw invalid("arrival_time.nanos: must be 0..999999999, got " + arrival.getNanos());
        }
    }

    private static void text(FieldNames names, String field, String value, int maxLength) throws ScoringException {
        if (value.length() > maxLength) {
            throw tooLong(names.of(field), maxLength);
        }
    }

    private static ScoringException tooLong(String name, int maxLength) {
        return invalid(name + ": longer than " + maxLength + " characters");
    }

    private static void range(FieldNames names, String field, int value, int min, int max) throws ScoringException {
        if (value < min || value > max) {
            throw invalid(names.of(field) + ": must be " + min + ".." + max + ", got " + value);
        }
    }
}
