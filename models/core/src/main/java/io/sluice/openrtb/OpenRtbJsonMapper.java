package io.sluice.openrtb;

import static io.sluice.scoring.ScoringException.invalid;

import io.sluice.api.v1.BidRequest;
import io.sluice.scoring.RequestLimits;
import io.sluice.scoring.RequestValidator;
import io.sluice.scoring.ScoringException;
import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Maps an exchange's OpenRTB 2.5/2.6 JSON bid request to Sluice's {@link BidRequest}, checked as a proto request is
 * ({@link RequestValidator}). Every refusal is a {@link ScoringException} (INVALID_ARGUMENT) that starts with the
 * JSON path of what is wrong: {@code $.imp[0].bidfloor: expected a number, got a string}.
 *
 * <p>The parser is Jackson's streaming one, bounded before it reads: document bytes, nesting depth, and string
 * length (the longest string field the limits allow). Duplicate property names are refused, so no two readers of
 * one request can see different values ({@link PropertyNames}, cheaper than Jackson's own check). Thread-safe; one
 * instance serves every request, whether from a gRPC call or a line of a log file.
 */
public final class OpenRtbJsonMapper {

    private final JsonFactory json;
    private final RequestValidator validator;
    private final RequestLimits limits;

    public OpenRtbJsonMapper(RequestLimits limits) {
        this.limits = limits;
        this.validator = new RequestValidator(limits);
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxJsonBytes())
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(longestString(limits))
                        .build())
                // Errors quote at most this much of the caller's input, and never the document itself.
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(ScoringException.MAX_ECHOED_CHARACTERS).maxRawContentLength(0).build())
                .build();
    }

    /** The bid request that {@code json} (one JSON document, UTF-8) holds. */
    public BidRequest read(byte[] json) throws ScoringException {
        return read(json, 0, json.length);
    }

    /** The bid request that {@code length} bytes of {@code json} from {@code offset} (one JSON document) hold. */
    public BidRequest read(byte[] json, int offset, int length) throws ScoringException {
        if (length > limits.maxJsonBytes()) {
            throw invalid("$: " + length + " bytes, more than the " + limits.maxJsonBytes() + " allowed");
        }
        JsonParser parser = this.json.createParser(ObjectReadContext.empty(), json, offset, length);
        try {
            if (parser.nextToken() == null) {
                throw invalid("$: no JSON; expected an object (an OpenRTB BidRequest)");
            }
            BidRequestReader reader = new BidRequestReader(parser);
            BidRequest request = reader.request();
            if (parser.nextToken() != null) {
                throw invalid("$: more JSON after the bid request");
            }
            validator.validate(request, reader.fieldNames());
            return request;
        } catch (JacksonException e) {
            throw invalid(JsonPath.of(parser.streamReadContext()) + ": " + problem(e, parser));
        } finally {
            parser.close();
        }
    }

    /** What Jackson refused, in Sluice's terms where it is a limit Sluice set. */
    private String problem(JacksonException e, JsonParser parser) {
        if (e instanceof StreamConstraintsException) {
            if (parser.streamReadContext().getNestingDepth() >= limits.maxJsonDepth()) {
                return "nested deeper than " + limits.maxJsonDepth() + " levels";
            }
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return "longer than " + longestString(limits) + " characters";
            }
        }
        String what = e.getOriginalMessage();
        // Jackson appends where an unclosed object or array began, as a source description without the source.
        int startMarker = what.indexOf(" (start marker at");
        return notValidJson(e.getLocation(), startMarker < 0 ? what : what.substring(0, startMarker));
    }

    /** A refusal of JSON that breaks the syntax (or repeats a property name) {@code at} a place, for {@code what}. */
    static String notValidJson(TokenStreamLocation at, String what) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "not valid JSON" + where + ": " + what;
    }

    private static int longestString(RequestLimits limits) {
        return Math.max(limits.maxStringLength(), limits.maxUserAgentLength());
    }
}
