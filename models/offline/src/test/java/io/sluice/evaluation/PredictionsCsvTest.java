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

    private static final LabeledColumns ROWS = new LabeledColumns(List.of("a", "b"), List.of("r1", "r2", "r3"),
            new boolean[][] {{true, false, true}, {false, false, true}}, EvaluationTest.allLabelled(2, 3), null);

    @TempDir
    Path dir;

    private Path csv(String... lines) throws Exception {
        Path file = dir.resolve("predictions.csv");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void predictionsJoinTheRowsByRequestIdInAnyOrderAndColumnOrder() throws Exception {
        ScoreColumns scores = PredictionsCsv.read("xgb", csv("id,b,extra,a", "r3,0.3,9,0.7", "r1,0.1,9,0.9",
                "r2,0.2,9,0.8"), ROWS);

        assertThat(scores.name()).isEqualTo("xgb");
        assertThat(scores.scores()[0]).containsExactly(0.9, 0.8, 0.7);
        assertThat(scores.scores()[1]).containsExactly(0.1, 0.2, 0.3);
    }

    @Test
    void aMissingRowIsNamedByItsRequestId() throws Exception {
        Path file = csv("id,a,b", "r1,0.1,0.1", "r3,0.1,0.1");
        assertThatThrownBy(() -> PredictionsCsv.read("xgb", file, ROWS))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("no prediction for request id r2");
    }

    @Test
    void badLinesAreNamedByLineNumber() throws Exception {
        assertRejected(csv("id,a,b", "r1,0.1,0.1", "r9,0.1,0.1"), "line 3: request id r9 is not among");
        assertRejected(csv("id,a,b", "r1,0.1,0.1", "r1,0.1,0.1"), "line 3: request id r1 appears twice");
        assertRejected(csv("id,a,b", "r1,0.1,high"), "line 2: 'high' is not a number");
        assertRejected(csv("id,a,b", "r1,0.1,1.5"), "line 2: probability 1.5 is outside [0, 1]");
        assertRejected(csv("id,a,b", "r1,0.1"), "line 2: 2 fields, the header has 3");
        assertRejected(csv("id,a", "r1,0.1"), "line 1: no column for partner b");
        assertRejected(csv("request,a,b"), "line 1: the first column must be 'id'");
    }

    private static void assertRejected(Path file, String message) {
        assertThatThrownBy(() -> PredictionsCsv.read("xgb", file, ROWS))
                .isInstanceOf(DataFormatException.class).hasMessageContaining(message);
    }
}
