package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Outcome lines, JSON or CSV, give what a partner did with a request; bad lines are rejected with a reason. */
class OutcomeLinesTest {

    @Test
    void jsonBidWithPriceAndResponseTime() {
        ParseResult<Outcome> parsed = OutcomeJsonLines.parse(
                "{\"request_id\":\"r1\",\"partner_id\":\"dsp-a\",\"bid\":true,\"price\":1.25,"
                        + "\"response_time_ms\":87,\"seat\":{\"id\":\"ignored\"}}");

        assertThat(parsed.row()).isEqualTo(new Outcome("r1", "dsp-a", true, 1_250_000, 87));
    }

    @Test
    void jsonNoBidWithoutPriceCostsNothingAndUnloggedTimeIsUnknown() {
        ParseResult<Outcome> parsed = OutcomeJsonLines.parse(
                "{\"request_id\":\"r1\",\"partner_id\":\"dsp-a\",\"bid\":false}");

        assertThat(parsed.row()).isEqualTo(new Outcome("r1", "dsp-a", false, 0, Outcome.UNKNOWN));
    }

    @Test
    void jsonRejections() {
        assertThat(OutcomeJsonLines.parse("{\"partner_id\":\"a\",\"bid\":true}").rejection())
                .isEqualTo("request_id: required");
        assertThat(OutcomeJsonLines.parse("{\"request_id\":\"r\",\"partner_id\":\"a\",\"bid\":\"yes\"}").rejection())
                .isEqualTo("bid: expected true or false");
        assertThat(OutcomeJsonLines.parse("{\"request_id\":\"r\",\"partner_id\":\"a\",\"bid\":false,\"price\":2}")
                .rejection()).isEqualTo("price: 2.0 for a no-bid, which has no price");
        assertThat(OutcomeJsonLines.parse("{\"request_id\":\"r\",\"request_id\":\"s\"}").rejection())
                .startsWith("not valid JSON");
        assertThat(OutcomeJsonLines.parse("r1,dsp-a,true").rejection()).startsWith("not valid JSON");
    }

    @Test
    void csvColumnsAreFoundByTheHeaderInAnyOrder() {
        OutcomeCsv csv = OutcomeCsv.fromHeader("partner_id,response_time_ms,request_id,bid,price,extra").row();

        assertThat(csv.parse("dsp-b,40,r7,1,0.8,x").row()).isEqualTo(new Outcome("r7", "dsp-b", true, 800_000, 40));
        assertThat(csv.parse("dsp-b,,r7,false,,x").row())
                .isEqualTo(new Outcome("r7", "dsp-b", false, 0, Outcome.UNKNOWN));
    }

    @Test
    void csvRejections() {
        assertThat(OutcomeCsv.fromHeader("request_id,partner,bid").rejection()).contains("no partner_id column");
        OutcomeCsv csv = OutcomeCsv.fromHeader("request_id,partner_id,bid,price").row();
        assertThat(csv.parse("r1,dsp-a,maybe,").rejection()).isEqualTo("bid: expected true, false, 1 or 0, got 'maybe'");
        assertThat(csv.parse("r1,dsp-a,true").rejection()).isEqualTo("3 cells, the header has 4");
        assertThat(csv.parse("r1,dsp-a,true,-3").rejection()).startsWith("price: -3.0 is outside");
        assertThat(csv.parse(",dsp-a,true,1").rejection()).isEqualTo("request_id: required");
    }
}
