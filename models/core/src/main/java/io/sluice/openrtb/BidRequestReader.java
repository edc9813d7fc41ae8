package io.sluice.openrtb;

import static io.sluice.scoring.ScoringException.invalid;

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
import io.sluice.scoring.ScoringException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads one OpenRTB 2.5/2.6 {@code BidRequest} object from a parser into Sluice's proto, property by property.
 * Properties Sluice does not read, {@code ext} among them, are skipped unread; {@code null} counts as absent. A value
 * of the wrong type is refused at its JSON path. One reader reads one request.
 */
final class BidRequestReader {

    /** The largest floor whose micros fit the proto's int64. */
    private static final BigDecimal MAX_FLOOR_CPM = BigDecimal.valueOf(Long.MAX_VALUE).movePointLeft(6);
    /** Floors under half a micro round to 0; settling them first keeps rounding away from huge negative exponents. */
    private static final BigDecimal HALF_MICRO_CPM = new BigDecimal("0.0000005");

    private final JsonParser parser;
    private boolean hasSite;
    private boolean hasApp;
    private String domainField = "site.domain";
    private boolean sizeFromFormat;

    BidRequestReader(JsonParser parser) {
        this.parser = parser;
    }

    /** Reads the request whose first token is the parser's current token. */
    BidRequest request() throws ScoringException {
        BidRequest.Builder request = BidRequest.newBuilder();
        object("an object (an OpenRTB BidRequest)", name -> {
            switch (name) {
                case "id" -> request.setId(string());
                case "imp" -> array(index -> request.addImp(imp(index == 0)));
                case "site" -> request.setSite(site());
                case "app" -> request.setSite(app());
                case "device" -> request.setDevice(device());
                case "user" -> request.setUser(user());
                case "tmax" -> request.setTmax(integer());
                default -> skip();
            }
        });
        if (hasSite && hasApp) {
            throw invalid("$.app: a bid request has site or app, not both");
        }
        return request.build();
    }

    /** How refusals of the request just read name its fields: where the caller wrote each value. */
    FieldNames fieldNames() {
        return new JsonFieldNames(domainField, sizeFromFormat);
    }

    private Imp imp(boolean first) throws ScoringException {
        Imp.Builder imp = Imp.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "id" -> imp.setId(string());
                case "tagid" -> imp.setTagid(string());
                case "bidfloor" -> imp.setBidfloorMicros(floorMicros());
                case "bidfloorcur" -> imp.setBidfloorcur(currency());
                case "banner" -> imp.setBanner(banner(first));
                default -> skip();
            }
        });
        if (first && !imp.hasBanner()) {
            throw invalid(path() + ": has no banner; Sluice scores banner impressions only (its model knows no video, "
                    + "audio or native traffic)");
        }
        return imp.build();
    }

    /**
     * A banner; without {@code w} and {@code h} its size is that of its first {@code format}, the size the model
     * then reads.
     */
    private Banner banner(boolean first) throws ScoringException {
        Banner.Builder banner = Banner.newBuilder();
        boolean[] sizeGiven = {false};
        Banner[] firstFormat = {null};
        object("an object", name -> {
            switch (name) {
                case "w" -> {
                    banner.setW(integer());
                    sizeGiven[0] = true;
                }
                case "h" -> {
                    banner.setH(integer());
                    sizeGiven[0] = true;
                }
                case "pos" -> banner.setPos(integer());
                case "format" -> array(index -> {
                    Banner format = format();
                    if (index == 0) {
                        firstFormat[0] = format;
                    }
                });
                default -> skip();
            }
        });
        if (!sizeGiven[0] && firstFormat[0] != null) {
            banner.setW(firstFormat[0].getW()).setH(firstFormat[0].getH());
            sizeFromFormat = first;
        }
        return banner.build();
    }

    /** A {@code format} entry's size, in a Banner for want of a Format message. */
    private Banner format() throws ScoringException {
        Banner.Builder size = Banner.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "w" -> size.setW(integer());
                case "h" -> size.setH(integer());
                default -> skip();
            }
        });
        return size.build();
    }

    private Site site() throws ScoringException {
        hasSite = true;
        Site.Builder site = Site.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "domain" -> site.setDomain(string());
                case "page" -> site.setPage(string());
                default -> skip();
            }
        });
        return site.build();
    }

    /**
     * An app, as the site the model knows: its {@code domain}, or its {@code bundle} when it has none, is the property
     * the ad would appear on.
     */
    private Site app() throws ScoringException {
        hasApp = true;
        Site.Builder byDomain = Site.newBuilder();
        Site.Builder byBundle = Site.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "domain" -> byDomain.setDomain(string());
                case "bundle" -> byBundle.setDomain(string());
                default -> skip();
            }
        });
        boolean domainGiven = !byDomain.getDomain().isEmpty() || byBundle.getDomain().isEmpty();
        domainField = domainGiven ? "app.domain" : "app.bundle";
        return domainGiven ? byDomain.build() : byBundle.build();
    }

    private Device device() throws ScoringException {
        Device.Builder device = Device.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "ua" -> device.setUa(string());
                case "ip" -> device.setIp(string());
                case "geo" -> device.setGeo(geo());
                case "devicetype" -> device.setUaCategory(deviceType().category().asUserAgentCategory());
                default -> skip();
            }
        });
        return device.build();
    }

    /**
     * {@code device.devicetype}, whose category becomes the proto's {@code ua_category}: the model reads it for a
     * device without a user agent ({@link io.sluice.features.DeviceCategory#of}).
     */
    private OpenRtbDeviceType deviceType() throws ScoringException {
        int code = integer();
        return OpenRtbDeviceType.ofCode(code).orElseThrow(() -> invalid(path() + ": must be an OpenRTB device type, 1.."
                + OpenRtbDeviceType.values().length + ", got " + code));
    }

    private Geo geo() throws ScoringException {
        Geo.Builder geo = Geo.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "region" -> geo.setRegion(string());
                case "city" -> geo.setCity(string());
                case "utcoffset" -> geo.setUtcoffset(integer());
                default -> skip();
            }
        });
        return geo.build();
    }

    private User user() throws ScoringException {
        User.Builder user = User.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "id" -> user.setId(string());
                case "data" -> array(index -> user.addData(data()));
                default -> skip();
            }
        });
        return user.build();
    }

    private Data data() throws ScoringException {
        Data.Builder data = Data.newBuilder();
        object("an object", name -> {
            switch (name) {
                case "id" -> data.setId(string());
                case "segment" -> array(index -> data.addSegment(segment()));
                default -> skip();
            }
        });
        return data.build();
    }

    private Segment segment() throws ScoringException {
        Segment.Builder segment = Segment.newBuilder();
        object("an object", name -> {
            if ("id".equals(name)) {
                segment.setId(string());
            } else {
                skip();
            }
        });
        return segment.build();
    }

    /** Reads the object at the current token, handing each property that is not null to {@code property}. */
    private void object(String expected, PropertyReader property) throws ScoringException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw unexpected(expected);
        }
        PropertyNames names = new PropertyNames();
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            refuseRepeated(names, name);
            if (parser.nextToken() != JsonToken.VALUE_NULL) {
                property.read(name);
            }
        }
    }

    /** Skips the value at the current token, refusing a repeated property name inside it as everywhere else. */
    private void skip() throws ScoringException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            PropertyNames names = new PropertyNames();
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                refuseRepeated(names, name);
                parser.nextToken();
                skip();
            }
        } else if (token == JsonToken.START_ARRAY) {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                skip();
            }
        }
    }

    /** Refuses {@code name} if {@code names} has it, at where the repeated name starts. */
    private void refuseRepeated(PropertyNames names, String name) throws ScoringException {
        if (!names.add(name)) {
            throw invalid(path() + ": " + OpenRtbJsonMapper.notValidJson(parser.currentTokenLocation(),
                    "Duplicate Object property \"" + ScoringException.shortened(name) + "\""));
        }
    }

    /** Reads the array at the current token, handing each element to {@code element} with its index. */
    private void array(ElementReader element) throws ScoringException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw unexpected("an array");
        }
        for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
            element.read(index);
        }
    }

    private String string() throws ScoringException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw unexpected("a string");
        }
        return parser.getString();
    }

    private int integer() throws ScoringException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw unexpected("an integer");
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT) {
            throw invalid(path() + ": out of range, got " + ScoringException.shortened(parser.getString()));
        }
        return parser.getIntValue();
    }

    /** A CPM floor written as a JSON number, in micros, rounded half to even (floats such as 0.1 are not exact). */
    private long floorMicros() throws ScoringException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw unexpected("a number");
        }
        BigDecimal cpm = parser.getDecimalValue();
        if (cpm.signum() < 0) {
            throw invalid(path() + ": must not be negative, got " + ScoringException.shortened(parser.getString()));
        }
        if (cpm.compareTo(MAX_FLOOR_CPM) > 0) {
            throw invalid(path() + ": must be at most " + MAX_FLOOR_CPM.toPlainString() + " (int64 micros), got "
                    + ScoringException.shortened(parser.getString()));
        }
        if (cpm.compareTo(HALF_MICRO_CPM) < 0) {
            return 0;
        }
        return cpm.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** An ISO-4217 code such as USD; the proto carries the floor in this currency, unconverted. */
    private String currency() throws ScoringException {
        String code = string();
        boolean threeCapitals = code.length() == 3;
        for (int i = 0; i < code.length() && threeCapitals; i++) {
            threeCapitals = code.charAt(i) >= 'A' && code.charAt(i) <= 'Z';
        }
        if (!code.isEmpty() && !threeCapitals) {
            throw invalid(path() + ": must be an ISO-4217 currency code (three capital letters), got '"
                    + ScoringException.shortened(code) + "'");
        }
        return code;
    }

    private ScoringException unexpected(String expected) {
        return invalid(path() + ": expected " + expected + ", got " + describe(parser.currentToken()));
    }

    private String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
                    ScoringException.shortened(parser.getString());
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.name();
        };
    }

    private String path() {
        return JsonPath.of(parser.streamReadContext());
    }

    /** Reads the value of one property; the parser is on the value's first token. */
    @FunctionalInterface
    private interface PropertyReader {
        void read(String name) throws ScoringException;
    }

    /** Reads one array element; the parser is on the element's first token. */
    @FunctionalInterface
    private interface ElementReader {
        void read(int index) throws ScoringException;
    }
}
