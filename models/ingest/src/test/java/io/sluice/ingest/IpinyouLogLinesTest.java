package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Imp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** iPinYou bid and impression lines map to the BidRequest as the data-calibration note says. */
class IpinyouLogLinesTest {

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = IpinyouLogLinesTest.class.getResourceAsStream("/ipinyou/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void bidLineBecomesARequestSentToItsAdvertiser() throws IOException {
        RequestRow row = IpinyouLogLines.bidLine(lines("bid.20130606.txt").get(0)).row();

        BidRequest request = row.request();
        assertThat(request.getId()).isEqualTo("b1");
        Imp imp = request.getImp(0);
        assertThat(imp.getTagid()).isEqualTo("mm_10075660_3500949_11453278");
        assertThat(imp.getBanner().getW()).isEqualTo(300);
        assertThat(imp.getBanner().getH()).isEqualTo(250);
        assertThat(imp.getBanner().getPos()).as("FirstView").isEqualTo(1);
        assertThat(request.getSite().getDomain()).isEqualTo("trqRTJkrBoq7JsNr5SqfNX");
        assertThat(request.getDevice().getGeo().getRegion()).isEqualTo("80");
        assertThat(request.getDevice().getGeo().getUtcoffset()).isEqualTo(480);
        assertThat(request.getUser().getId()).isEqualTo("Vh16OwT6OQNUXbj");
        assertThat(request.getUser().getData(0).getSegmentList()).extracting(s -> s.getId())
                .containsExactly("10057", "10059", "10083", "13866");
        assertThat(Timestamps.toString(row.arrivalTime())).as("Beijing time 00:01:04.828")
                .isEqualTo("2013-06-05T16:01:04.828Z");
        assertThat(row.sentTo()).isEqualTo(Set.of("1458"));
    }

    @Test
    void floorInFenBecomesCnyMicrosAndNullCellsAreAbsent() throws IOException {
        BidRequest request = IpinyouLogLines.bidLine(lines("bid.20130606.txt").get(1)).row().request();

        assertThat(request.getImp(0).getBidfloorMicros()).as("70 fen CPM").isEqualTo(700_000);
        assertThat(request.getImp(0).getBidfloorcur()).isEqualTo("CNY");
        assertThat(request.getUser().getDataCount()).as("usertag null").isZero();
        assertThat(request.getImp(0).getBanner().getPos()).as("SecondView").isEqualTo(2);
    }

    @Test
    void impressionLineIsAWonBidOfItsAdvertiserAtThePaidPrice() throws IOException {
        Outcome outcome = IpinyouLogLines.impressionLine(lines("imp.20130606.txt").get(0)).row();

        assertThat(outcome).isEqualTo(new Outcome("b1", "1458", true, 680_000, Outcome.UNKNOWN));
    }

    @Test
    void badLinesAreRejected() throws IOException {
        String bid = lines("bid.20130606.txt").get(0);
        assertThat(IpinyouLogLines.bidLine("b1\t2013").rejection())
                .isEqualTo("2 tab-separated columns, an iPinYou bid log line has 21");
        assertThat(IpinyouLogLines.bidLine(bid.replace("20130606000104828", "2013-06-06")).rejection())
                .isEqualTo("timestamp: expected yyyyMMddHHmmssSSS, got '2013-06-06'");
        assertThat(IpinyouLogLines.bidLine(bid.replace("\t300\t250\t", "\t300\twide\t")).rejection())
                .startsWith("slotwidth/slotheight");
        assertThat(IpinyouLogLines.impressionLine(bid).rejection())
                .isEqualTo("21 tab-separated columns, an iPinYou impression log line has 24");
        String click = lines("imp.20130606.txt").get(0).replaceFirst("\t1\t", "\t2\t");
        assertThat(IpinyouLogLines.impressionLine(click).rejection()).isEqualTo("logtype '2', an impression is 1");
    }
}
