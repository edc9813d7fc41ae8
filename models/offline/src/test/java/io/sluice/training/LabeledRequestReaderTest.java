package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.LabeledBidRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledRequestReaderTest {

    private static List<LabeledBidRequest> rows;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        rows = new ArrayList<>();
        new SyntheticTraffic(SyntheticTraffic.Config.defaults(3)).rows(4).forEachRemaining(rows::add);
    }

    private static String json(LabeledBidRequest row) throws Exception {
        return JsonFormat.printer().omittingInsignificantWhitespace().print(row);
    }

    /** A file of four good rows whose third line is replaced by {@code thirdLine}. */
    private Path fileWithThirdLine(String thirdLine) throws Exception {
        List<String> lines = new ArrayList<>();
        for (LabeledBidRequest row : rows) {
            lines.add(json(row));
        }
        lines.set(2, thirdLine);
        Path file = dir.resolve("data.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static List<LabeledBidRequest> readAll(Path file, boolean skipBadRows) throws Exception {
        try (LabeledRequestReader reader = new LabeledRequestReader(file, skipBadRows)) {
            List<LabeledBidRequest> out = new ArrayList<>();
            reader.forEachRemaining(out::add);
            return out;
        }
    }

    private void assertRejectedAtLine3(String thirdLine, String problem) throws Exception {
        Path file = fileWithThirdLine(thirdLine);
        assertThatThrownBy(() -> readAll(file, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + " line 3: ")
                .hasMessageContaining(problem);
    }

    @Test
    void truncatedJsonFailsNamingTheLine() throws Exception {
        String line = json(rows.get(2));
        assertRejectedAtLine3(line.substring(0, line.length() / 2), "not a LabeledBidRequest");
    }

    @Test
    void wrongTypeFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2)).replace("\"1458\":false", "\"1458\":\"no\"")
                .replace("\"1458\":true", "\"1458\":\"yes\""), "not a LabeledBidRequest");
    }

    @Test
    void unknownFieldFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3("{\"requestt\":{}}", "not a LabeledBidRequest");
    }

    @Test
    void missingRequestFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2).toBuilder().clearRequest().build()), "missing request");
    }

    @Test
    void missingArrivalTimeFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2).toBuilder().clearArrivalTime().build()), "missing arrival_time");
    }

    @Test
    void missingBidsFailNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2).toBuilder().clearBids().build()), "missing bids");
    }

    @Test
    void rowsMayLabelDifferentPartners() throws Exception {
        Path file = fileWithThirdLine(json(rows.get(2).toBuilder().removeBids("2997").build()));
        assertThat(readAll(file, false)).hasSize(4);
    }

    @Test
    void anExplorationProbabilityOutsideZeroToOneFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2).toBuilder().putExplorationProbability("3358", 0).build()),
                "must be in (0, 1], got 0.0");
    }

    @Test
    void anExplorationProbabilityOfAnUnlabelledPartnerFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2).toBuilder().removeBids("3358").putExplorationProbability("3358", 0.1)
                .build()), "which bids does not label");
    }

    @Test
    void aTrueProbabilityOutsideTheUnitIntervalFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2).toBuilder().putTrueProbability("3358", 1.5).build()),
                "must be in [0, 1], got 1.5");
    }

    @Test
    void aPartnerWithoutTrueProbabilityFailsNamingTheLine() throws Exception {
        assertRejectedAtLine3(json(rows.get(2).toBuilder().removeTrueProbability("3358").build()),
                "no value for partner 3358");
    }

    @Test
    void skippingBadRowsCountsThemAndKeepsTheGoodOnes() throws Exception {
        Path file = fileWithThirdLine("{\"request\": {\"id\": ");
        Files.writeString(file, Files.readString(file) + "[]\n\n");
        try (LabeledRequestReader reader = new LabeledRequestReader(file, true)) {
            List<LabeledBidRequest> good = new ArrayList<>();
            reader.forEachRemaining(good::add);

            assertThat(good).containsExactly(rows.get(0), rows.get(1), rows.get(3));
            assertThat(reader.skippedRows()).isEqualTo(2);
            assertThat(reader.rowsRead()).isEqualTo(3);
        }
    }

    @Test
    void rowsWithoutTrueProbabilitiesAreGood() throws Exception {
        Path file = fileWithThirdLine(json(rows.get(2).toBuilder().clearTrueProbability().build()));
        assertThat(readAll(file, false)).hasSize(4);
    }

    @Test
    void checksumCoversTheWholeFile() throws Exception {
        Path file = fileWithThirdLine(json(rows.get(2)));
        try (LabeledRequestReader reader = new LabeledRequestReader(file, false)) {
            reader.forEachRemaining(row -> { });
            assertThat(reader.sha256()).isEqualTo(io.sluice.model.ModelArtifact.sha256(Files.readAllBytes(file)));
        }
    }

    @Test
    void bothFormatsReadBackWhatWasWritten() throws Exception {
        for (LabeledDataFormat format : LabeledDataFormat.values()) {
            Path file = dir.resolve("rows" + format.suffix());
            try (LabeledRequestWriter writer = new LabeledRequestWriter(file)) {
                for (LabeledBidRequest row : rows) {
                    writer.write(row);
                }
            }
            assertThat(readAll(file, false)).as(format.name()).isEqualTo(rows);
        }
    }

    /** The delimited records of the four rows, with the third's body replaced by {@code thirdBody}. */
    private Path binaryFileWithThirdRecord(byte[] thirdBody) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < rows.size(); i++) {
            byte[] body = i == 2 ? thirdBody : rows.get(i).toByteArray();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeUInt32NoTag(body.length);
            out.flush();
            bytes.write(body);
        }
        Path file = dir.resolve("data.binpb");
        Files.write(file, bytes.toByteArray());
        return file;
    }

    @Test
    void aBinaryRecordThatDoesNotParseFailsNamingTheRecord() throws Exception {
        Path file = binaryFileWithThirdRecord(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
        assertThatThrownBy(() -> readAll(file, false))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + " record 3 (byte ")
                .hasMessageContaining("not a LabeledBidRequest");
        assertThat(readAll(file, true)).containsExactly(rows.get(0), rows.get(1), rows.get(3));
    }

    @Test
    void aBinaryRowMissingFieldsFailsLikeAJsonOne() throws Exception {
        Path file = binaryFileWithThirdRecord(rows.get(2).toBuilder().clearArrivalTime().build().toByteArray());
        assertThatThrownBy(() -> readAll(file, false))
                .hasMessageStartingWith(file + " record 3 (byte ")
                .hasMessageContaining("missing arrival_time");
    }

    @Test
    void aTruncatedBinaryFileFailsEvenWhenSkipping() throws Exception {
        Path file = binaryFileWithThirdRecord(rows.get(2).toByteArray());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 10));
        assertThatThrownBy(() -> readAll(file, true))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + " record 4 (byte ")
                .hasMessageContaining("truncated");
    }

    @Test
    void aHugeRecordSizeIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Path file = dir.resolve("huge.binpb");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 1, 2, 3});
        assertThatThrownBy(() -> readAll(file, true))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + " record 1 (byte 0): declares 2147483647 bytes, more than the limit of "
                        + DelimitedProtobufRecords.MAX_RECORD_BYTES);
    }

    @Test
    void aFileOfUnknownFormatIsRefusedNamingTheSuffixes() {
        Path file = dir.resolve("data.csv");
        assertThatThrownBy(() -> readAll(file, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".jsonl (JSON Lines)")
                .hasMessageContaining(".binpb (length-delimited protobuf)");
    }

    @Test
    void progressEndsWithTheGoodRowsCounted() throws Exception {
        Path file = fileWithThirdLine("not json");
        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        try (LabeledRequestReader reader = new LabeledRequestReader(file, true)) {
            PrintStream out = new PrintStream(drawn, true);
            reader.reportProgress(total -> new ProgressBar(out, "read", total, ProgressBar.Unit.BYTES, false));
            reader.forEachRemaining(row -> { });
        }
        assertThat(drawn.toString()).contains("read [", "100%", "| 3 rows | data.jsonl");
    }
}
