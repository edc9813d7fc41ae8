package io.sluice.scoring;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.openrtb.OpenRtbJsonMapper;

/**
 * The bid request a {@link ScoreRequest} asks to score, taken from the form the caller sent (Sluice's proto, or the
 * exchange's OpenRTB JSON) and checked against the limits. Refusals of JSON name the JSON path under
 * {@code openrtb_json}.
 */
final class RequestInput {

    private final RequestValidator validator;
    private final OpenRtbJsonMapper openRtbJson;

    RequestInput(RequestLimits limits) {
        this.validator = new RequestValidator(limits);
        this.openRtbJson = new OpenRtbJsonMapper(limits);
    }

    /** The checked bid request of {@code request}; every other field of it is checked too. */
    BidRequest bidRequestOf(ScoreRequest request) throws ScoringException {
        if (request.getInputCase() != ScoreRequest.InputCase.OPENRTB_JSON) {
            validator.validate(request);
            return request.getBidRequest();
        }
        validator.validateOptions(request);
        try {
            return openRtbJson.read(request.getOpenrtbJson().toByteArray());
        } catch (ScoringException e) {
            throw new ScoringException(e.reason(), "openrtb_json: " + e.getMessage());
        }
    }

    /** The checked bid request of {@code request}, checked as its v1 form's bid request and partner would be. */
    BidRequest bidRequestOf(SinglePartnerRequest request) throws ScoringException {
        validator.validatePartnerId(0, request.partnerId());
        validator.validate(request.bid(), FieldNames.PROTO);
        return request.bid();
    }
}
