package io.sluice.compat.thrift;

import static io.sluice.scoring.ScoringException.invalid;

import com.aik.filterapi.BidRequest;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.UserAgentCategory;
import io.sluice.features.DeviceCategory;
import io.sluice.scoring.ScoringException;
import io.sluice.scoring.SinglePartnerRequest;
import java.time.Instant;

/**
 * Maps a legacy {@code BidRequest} onto a v1 request for one partner ({@link SinglePartnerRequest}, the v1
 * {@code ScoreRequest} left unbuilt), so both protocols share one scoring path.
 *
 * <ul>
 *   <li>{@code advertiserId} is the one partner scored.</li>
 *   <li>{@code dayOfWeek} and {@code hour} are already publisher-local. They are encoded as an arrival time in a
 *       reference week (Monday 1970-01-05, UTC) with a zero UTC offset, from which the feature extractor derives
 *       exactly that weekday and hour.</li>
 *   <li>{@code biddingPrice} is the slot's floor in fen CPM (iPinYou {@code slotprice}); 1 fen = 10,000 micros.</li>
 *   <li>{@code payingPrice} is a post-auction value and would leak the outcome: it is ignored.</li>
 *   <li>{@code deviceTypeId} (the caller's own classification of the user agent, 0..6) is carried as
 *       {@code device.ua_category}: the legacy client sends it instead of {@code userAgent}. When both are sent, the
 *       user agent wins ({@link DeviceCategory#of}).</li>
 * </ul>
 */
public final class LegacyRequestMapper {

    private static final long REFERENCE_MONDAY_EPOCH_SECONDS = 4 * 86_400L;
    private static final long MICROS_PER_FEN = 10_000;
    /** Every arrival time a legacy call can have, by hour of the reference week (weekday * 24 + hour). */
    private static final Instant[] REFERENCE_WEEK_HOURS = new Instant[7 * 24];
    /**
     * One thread's builders of the v1 request, cleared and refilled for each call: five new builders per call cost
     * about 270 bytes. Only the messages built from them are new, and those are immutable.
     */
    private static final ThreadLocal<Builders> BUILDERS = ThreadLocal.withInitial(Builders::new);

    static {
        for (int weekHour = 0; weekHour < REFERENCE_WEEK_HOURS.length; weekHour++) {
            REFERENCE_WEEK_HOURS[weekHour] = Instant.ofEpochSecond(REFERENCE_MONDAY_EPOCH_SECONDS + weekHour * 3_600L);
        }
    }

    private final int mondayIs;

    public LegacyRequestMapper(int mondayIs) {
        this.mondayIs = mondayIs;
    }

    /** The v1 request for a legacy one; a refusal names the legacy field that is wrong. */
    public SinglePartnerRequest toRequest(BidRequest legacy) throws ScoringException {
        if (legacy.getAdvertiserId() == null || legacy.getAdvertiserId().isEmpty()) {
            throw invalid("advertiserId: required (it names the partner to score)");
        }
        int weekday = legacy.getDayOfWeek() - mondayIs;
        if (!legacy.isSetDayOfWeek() || weekday < 0 || weekday > 6) {
            throw invalid("dayOfWeek: must be " + mondayIs + ".." + (mondayIs + 6) + " (Monday = " + mondayIs
                    + "), got " + (legacy.isSetDayOfWeek() ? legacy.getDayOfWeek() : "nothing"));
        }
        int hour = parseHour(legacy.getHour());
        UserAgentCategory device = userAgentCategory(legacy);
        if (legacy.getBiddingPrice() < 0 || legacy.getBiddingPrice() > Long.MAX_VALUE / MICROS_PER_FEN) {
            throw invalid("biddingPrice: must be a non-negative floor in fen CPM, got " + legacy.getBiddingPrice());
        }
        Builders builders = BUILDERS.get();
        io.sluice.api.v1.BidRequest request = builders.request.clear()
                .setId(nullToEmpty(legacy.getBidId()))
                .addImp(builders.imp.clear().setId("1").setBidfloorMicros(legacy.getBiddingPrice() * MICROS_PER_FEN)
                        .setBidfloorcur("CNY").build())
                .setSite(builders.site.clear().setDomain(nullToEmpty(legacy.getDomainId())).build())
                .setDevice(builders.device.clear().setUa(nullToEmpty(legacy.getUserAgent()))
                        .setUaCategory(device)
                        .setGeo(builders.geo.clear().setRegion(nullToEmpty(legacy.getRegionId()))
                                .setCity(nullToEmpty(legacy.getCityId())).build())
                        .build())
                .build();
        return new SinglePartnerRequest(request, legacy.getAdvertiserId(), REFERENCE_WEEK_HOURS[weekday * 24 + hour]);
    }

    private static UserAgentCategory userAgentCategory(BidRequest legacy) throws ScoringException {
        if (!legacy.isSetDeviceTypeId()) {
            return UserAgentCategory.USER_AGENT_CATEGORY_UNSPECIFIED;
        }
        int code = legacy.getDeviceTypeId();
        return DeviceCategory.ofCode(code).orElseThrow(() -> invalid("deviceTypeId: must be 0..6 (0 smartphone, "
                + "1 mobilephone, 2 appliance, 3 pc, 4 crawler, 5 misc, 6 no user agent), got " + code))
                .asUserAgentCategory();
    }

    private static int parseHour(String hour) throws ScoringException {
        if (hour != null && (hour.length() == 1 || hour.length() == 2) && isAsciiDigits(hour)) {
            int value = Integer.parseInt(hour);
            if (value <= 23) {
                return value;
            }
        }
        throw invalid("hour: must be \"00\"..\"23\", got " + (hour == null ? "nothing" : "\"" + hour + "\""));
    }

    /** Checked in a loop: a {@code chars()} stream here allocated about 150 bytes per call. */
    private static boolean isAsciiDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The builders of each message of the v1 request. */
    private static final class Builders {
        final io.sluice.api.v1.BidRequest.Builder request = io.sluice.api.v1.BidRequest.newBuilder();
        final Imp.Builder imp = Imp.newBuilder();
        final Site.Builder site = Site.newBuilder();
        final Device.Builder device = Device.newBuilder();
        final Geo.Builder geo = Geo.newBuilder();
    }
}
