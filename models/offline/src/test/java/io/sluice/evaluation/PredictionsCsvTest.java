package io.sluice.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.training.DataFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsCsvTest {

    private static final List<String> PARTNERS = List.of("a", "b");

    @TempDir
    Path dir;

    private Path csv(String... lines) throws Exception {
        Path file = dir.resolve("predictions.csv");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void predictionsJoinTheRowsByRequestIdInAnyOrderAndColumnOrder() throws Exception {
        PredictionsCsv predictions = PredictionsCsv.read("xgb", csv("id,b,extra,a", "r3,0.25,9,0.75",
                "r1,0.125,9,0.5"), PARTNERS);
        double[] r1 = new double[2];
        double[] r3 = new double[2];

        predictions.take("r1", r1);
        predictions.take("r3", r3);
        predictions.requireAllTaken();

        assertThat(predictions.name()).isEqualTo("xgb");
        assertThat(r1).containsExactly(0.5, 0.125);
        assertThat(r3).containsExactly(0.75, 0.25);
    }

    @Test
    void aRowWithoutALineIsNamedByItsRequestId() throws Exception {
        PredictionsCsv predictions = PredictionsCsv.read("xgb", csv("id,a,b", "r1,0.1,0.1"), PARTNERS);

        assertThatThrownBy(() -> predictions.take("r2", new double[2]))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("no prediction for request id r2");
    }

    @Test
    void aLineNoEvaluatedRowTookIsNamedByLineNumber() throws Exception {
        PredictionsCsv predictions = PredictionsCsv.read("xgb", csv("id,a,b", "r1,0.1,0.1", "r9,0.1,0.1",
                "r8,0.1,0.1"), PARTNERS);
        predictions.take("r1", new double[2]);

        assertThatThrownBy(predictions::requireAllTaken)
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 3: request id r9 is not among");
    }

    @Test
    void badLinesAreNamedByLineNumber() throws Exception {
        assertRejected(csv("id,a,b", "r1,0.1,0.1", "r1,0.1,0.1"), "line 3: request id r1 appears twice");
        assertRejected(csv("id,a,b", "r1,0.1,high"), "line 2: 'high' is not a number");
        assertRejected(csv("id,a,b", "r1,0.1,1.5"), "line 2: probability 1.5 is outside [0, 1]");
        assertRejected(csv("id,a,b", "r1,0.1"), "line 2: 2 fields, the header has 3");
        assertRejected(csv("id,a", "r1,0.1"), "line 1: no column for partner b");
        assertRejected(csv("request,a,b"), "line 1: the first column must be 'id'");
    }

    private static void assertRejected(Path file, String message) {
        assertThatThrownBy(() -> PredictionsCsv.read("xgb", file, PARTNERS))
                .isInstanceOf(DataFormatException.class).hasMessageContaining(message);
    }
}
