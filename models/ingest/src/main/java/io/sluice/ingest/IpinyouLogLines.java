package io.sluice.ingest;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.Segment;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.User;
import io.sluice.scoring.FieldNames;
import io.sluice.scoring.RequestValidator;
import io.sluice.scoring.ScoringException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * Parses the iPinYou RTB dataset's logs (tab-separated, no header; {@code shared/notes/data-calibration.md}).
 *
 * <p>A bid log line (21 columns: bidid, timestamp, ipinyouid, useragent, ip, region, city, adexchange, domain, url,
 * urlid, slotid, slotwidth, slotheight, slotvisibility, slotformat, slotprice, creative, bidprice, advertiser,
 * usertag) becomes a request sent to one partner, its advertiser: bidid -> id; useragent -> device.ua; ip ->
 * device.ip; region/city -> device.geo.region/city; domain/url -> site.domain/site.page; slotid -> imp.tagid; slot
 * width/height -> imp.banner.w/h; slotvisibility -> imp.banner.pos (FirstView or 0 -> 1, SecondView or 1 -> 2,
 * OtherView or 2 -> 3, anything else unknown 0); slotprice (fen CPM) -> imp.bidfloor (CNY); usertag -> the segments
 * of user.data[0]; ipinyouid -> user.id; "null" or an empty cell is an absent value. adexchange, urlid, slotformat,
 * creative and bidprice have no BidRequest field and are dropped. The timestamp (yyyyMMddHHmmssSSS) is Beijing time,
 * so the arrival time is read at UTC+8 and device.geo.utcoffset is 480.
 *
 * <p>An impression log line (24 columns: the bid log's plus logtype after timestamp, payprice after bidprice,
 * keypage after payprice; logtype 1) is the outcome "the advertiser's bid won": the label of an iPinYou row means
 * won, not bid, and a bid with no impression is a loss (join with {@link AbsentOutcome#NO_BID}). Its price is the
 * payprice (fen CPM, the second price paid).
 */
public final class IpinyouLogLines {

    /** Where iPinYou's timestamps are read: Beijing time. */
    public static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    static final int BID_COLUMNS = 21;
    static final int IMPRESSION_COLUMNS = 24;
    private static final String USER_TAG_DATA_ID = "ipinyou-usertag";
    private static final String IMPRESSION = "1";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final RequestValidator VALIDATOR = new RequestValidator(LogRequestLimits.DEFAULT);
    private static final Map<String, Integer> POSITIONS = Map.of(
            "FirstView", 1, "0", 1, "SecondView", 2, "1", 2, "OtherView", 3, "2", 3);
    private static final long MICROS_PER_FEN = 10_000;

    private IpinyouLogLines() {
    }

    /** The request row of one bid log line, or why not. */
    public static ParseResult<RequestRow> bidLine(String line) {
        String[] c = line.split("\t", -1);
        if (c.length != BID_COLUMNS) {
            return ParseResult.rejected(c.length + " tab-separated columns, an iPinYou bid log line has "
                    + BID_COLUMNS);
        }
        return request(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[8], c[9], c[11], c[12], c[13], c[14], c[16],
                c[19], c[20]);
    }

    /** The outcome (a won bid) of one impression log line, or why not. */
    public static ParseResult<Outcome> impressionLine(String line) {
        String[] c = line.split("\t", -1);
        if (c.length != IMPRESSION_COLUMNS) {
            return ParseResult.rejected(c.length + " tab-separated columns, an iPinYou impression log line has "
                    + IMPRESSION_COLUMNS);
        }
        if (!c[2].equals(IMPRESSION)) {
            return ParseResult.rejected("logtype " + OutcomeValues.quoted(c[2]) + ", an impression is 1");
        }
        if (absent(c[0]) || absent(c[22])) {
            return ParseResult.rejected("bidid and advertiser are required");
        }
        Long payprice = number(c[20]);
        if (payprice == null || payprice < 0) {
            return ParseResult.rejected("payprice: expected a whole number of fen, got " + OutcomeValues.quoted(c[20]));
        }
        return ParseResult.of(new Outcome(c[0], c[22], true, payprice * MICROS_PER_FEN, Outcome.UNKNOWN));
    }

    private static ParseResult<RequestRow> request(String bidId, String timestamp, String userId, String userAgent,
                                                   String ip, String region, String city, String domain, String url,
                                                   String slotId, String width, String height, String visibility,
                                                   String floor, String advertiser, String userTags) {
        if (absent(bidId)) {
            return ParseResult.rejected("bidid: required");
        }
        if (absent(advertiser)) {
            return ParseResult.rejected("advertiser: required");
        }
        Timestamp arrival = arrival(timestamp);
        if (arrival == null) {
            return ParseResult.rejected("timestamp: expected yyyyMMddHHmmssSSS, got " + OutcomeValues.quoted(timestamp));
        }
        Long w = number(width);
        Long h = number(height);
        Long floorFen = number(floor);
        if (w == null || h == null || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            return ParseResult.rejected("slotwidth/slotheight: expected whole numbers, got "
                    + OutcomeValues.quoted(width + "x" + height));
        }
        if (floorFen == null) {
            return ParseResult.rejected("slotprice: expected a whole number of fen, got " + OutcomeValues.quoted(floor));
        }
        Imp.Builder imp = Imp.newBuilder().setId("1").setTagid(value(slotId))
                .setBanner(Banner.newBuilder().setW(w.intValue()).setH(h.intValue())
                        .setPos(POSITIONS.getOrDefault(visibility, 0)))
                .setBidfloorMicros(Math.multiplyExact(floorFen, MICROS_PER_FEN)).setBidfloorcur("CNY");
        User.Builder user = User.newBuilder().setId(value(userId));
        if (!absent(userTags)) {
            Data.Builder tags = Data.newBuilder().setId(USER_TAG_DATA_ID);
            for (String tag : userTags.split(",")) {
                if (!tag.isEmpty()) {
                    tags.addSegment(Segment.newBuilder().setId(tag));
                }
            }
            user.addData(tags);
        }
        BidRequest request = BidRequest.newBuilder().setId(bidId).addImp(imp)
                .setSite(Site.newBuilder().setDomain(value(domain)).setPage(value(url)))
                .setDevice(Device.newBuilder().setUa(value(userAgent)).setIp(value(ip))
                        .setGeo(Geo.newBuilder().setRegion(value(region)).setCity(value(city))
                                .setUtcoffset(BEIJING.getTotalSeconds() / 60)))
                .setUser(user)
                .build();
        try {
            VALIDATOR.validate(request, FieldNames.PROTO);
        } catch (ScoringException e) {
            return ParseResult.rejected(e.getMessage());
        }
        return ParseResult.of(RequestRow.sentTo(request, arrival, Set.of(advertiser), Map.of()));
    }

    private static Timestamp arrival(String timestamp) {
        if (timestamp.length() != 17) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(timestamp, TIMESTAMP);
            return Timestamp.newBuilder().setSeconds(local.toEpochSecond(BEIJING)).setNanos(local.getNano()).build();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean absent(String cell) {
        return cell.isEmpty() || cell.equals("null");
    }

    private static String value(String cell) {
        return absent(cell) ? "" : cell;
    }

    /** A non-negative whole number, or null. */
    private static Long number(String cell) {
        if (cell.isEmpty() || cell.length() > 12) {
            return null;
        }
        for (int i = 0; i < cell.length(); i++) {
            if (cell.charAt(i) < '0' || cell.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(cell);
    }
}
