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
        if (request.hasArrivalTime()) {
            arrivalTime(request.getArrivalTime());
        }
        if (!request.hasBidRequest()) {
            throw invalid("bid_request: required");
        }
        BidRequest bid = request.getBidRequest();
        if (bid.getId().isEmpty()) {
            throw invalid("bid_request.id: required");
        }
        text("bid_request.id", bid.getId(), limits.maxStringLength());
        if (bid.getImpCount() == 0) {
            throw invalid("bid_request.imp: at least one impression is required");
        }
        Imp imp = bid.getImp(0);
        if (imp.getBidfloorMicros() < 0) {
            throw invalid("bid_request.imp[0].bidfloor_micros: must not be negative, got " + imp.getBidfloorMicros());
        }
        Banner banner = imp.getBanner();
        range("bid_request.imp[0].banner.w", banner.getW(), 0, MAX_SLOT_PIXELS);
        range("bid_request.imp[0].banner.h", banner.getH(), 0, MAX_SLOT_PIXELS);
        range("bid_request.imp[0].banner.pos", banner.getPos(), 0, MAX_POSITION);
        text("bid_request.imp[0].tagid", imp.getTagid(), limits.maxStringLength());
        text("bid_request.site.domain", bid.getSite().getDomain(), limits.maxStringLength());
        text("bid_request.device.ua", bid.getDevice().getUa(), limits.maxUserAgentLength());
        range("bid_request.device.ua_category", bid.getDevice().getUaCategoryValue(), 0,
                DeviceCategory.values().length);
        text("bid_request.device.geo.region", bid.getDevice().getGeo().getRegion(), limits.maxStringLength());
        text("bid_request.device.geo.city", bid.getDevice().getGeo().getCity(), limits.maxStringLength());
        range("bid_request.device.geo.utcoffset", bid.getDevice().getGeo().getUtcoffset(),
                MIN_UTC_OFFSET_MINUTES, MAX_UTC_OFFSET_MINUTES);
        if (bid.getTmax() < 0) {
            throw invalid("bid_request.tmax: must not be negative, got " + bid.getTmax());
        }
        int segments = 0;
        for (int d = 0; d < bid.getUser().getDataCount(); d++) {
            Data data = bid.getUser().getData(d);
            segments += data.getSegmentCount();
            if (segments > limits.maxSegments()) {
                throw invalid("bid_request.user.data: more than " + limits.maxSegments() + " segments in total");
            }
            for (int s = 0; s < data.getSegmentCount(); s++) {
                text("bid_request.user.data[" + d + "].segment[" + s + "].id", data.getSegment(s).getId(),
                        limits.maxStringLength());
            }
        }
        if (request.getPartnerIdsCount() > limits.maxPartners()) {
            throw invalid("partner_ids: at most " + limits.maxPartners() + " partners, got "
                    + request.getPartnerIdsCount());
        }
        for (int i = 0; i < request.getPartnerIdsCount(); i++) {
            text("partner_ids[" + i + "]", request.getPartnerIds(i), limits.maxStringLength());
        }
        if (request.getThresholdsCount() > limits.maxPartners()) {
            throw invalid("thresholds: at most " + limits.maxPartners() + " partners, got "
                    + request.getThresholdsCount());
        }
        for (Map.Entry<String, Double> threshold : request.getThresholdsMap().entrySet()) {
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

    /** Within protobuf's Timestamp range, which also keeps {@code arrival + tmax} inside {@link Instant}'s. */
    private static void arrivalTime(Timestamp arrival) throws ScoringException {
        long seconds = arrival.getSeconds();
        if (seconds < MIN_TIMESTAMP.getEpochSecond() || seconds > MAX_TIMESTAMP.getEpochSecond()) {
            throw invalid("arrival_time: must be from " + MIN_TIMESTAMP + " to " + MAX_TIMESTAMP + ", got "
                    + seconds + " seconds since the epoch");
        }
        range("arrival_time.nanos", arrival.getNanos(), 0, 999_999_999);
    }

    private static void text(String field, String value, int maxLength) throws ScoringException {
        if (value.length() > maxLength) {
            throw invalid(field + ": longer than " + maxLength + " characters");
        }
    }

    private static void range(String field, int value, int min, int max) throws ScoringException {
        if (value < min || value > max) {
            throw invalid(field + ": must be " + min + ".." + max + ", got " + value);
        }
    }
}
