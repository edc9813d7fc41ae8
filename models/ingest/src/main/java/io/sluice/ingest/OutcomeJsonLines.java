package io.sluice.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses one outcome in JSON Lines: {@code {"request_id":"r1","partner_id":"dsp-a","bid":true,"price":1.25,
 * "response_time_ms":87}}. {@code request_id}, {@code partner_id} and {@code bid} are required; {@code price} (CPM,
 * currency units) and {@code response_time_ms} are optional; other fields are ignored.
 */
public final class OutcomeJsonLines {

    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_LINE_BYTES).maxNestingDepth(8).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private OutcomeJsonLines() {
    }

    /** The outcome that {@code line} holds, or why not. */
    public static ParseResult<Outcome> parse(String line) {
        byte[] bytes = line.getBytes(UTF_8);
        if (bytes.length > MAX_LINE_BYTES) {
            return ParseResult.rejected("longer than " + MAX_LINE_BYTES + " bytes");
        }
        String requestId = null;
        String partnerId = null;
        Boolean bid = null;
        Double price = null;
        Long responseTime = null;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return ParseResult.rejected("expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "request_id", "partner_id" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return ParseResult.rejected(name + ": expected a string");
                        }
                        if (name.equals("request_id")) {
                            requestId = parser.getString();
                        } else {
                            partnerId = parser.getString();
                        }
                    }
                    case "bid" -> {
                        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                            return ParseResult.rejected("bid: expected true or false");
                        }
                        bid = value == JsonToken.VALUE_TRUE;
                    }
                    case "price" -> {
                        if (!value.isNumeric()) {
                            return ParseResult.rejected("price: expected a number");
                        }
                        price = parser.getDoubleValue();
                    }
                    case "response_time_ms" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            return ParseResult.rejected("response_time_ms: expected a whole number");
                        }
                        responseTime = parser.getLongValue();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                return ParseResult.rejected("more JSON after the outcome object");
            }
        } catch (JacksonException e) {
            return ParseResult.rejected("not valid JSON: " + e.getOriginalMessage());
        }
        return OutcomeValues.outcome(requestId, partnerId, bid, price, responseTime);
    }
}
