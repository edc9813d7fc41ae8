package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void firstLineShowsNoEtaBecauseARateFromOneBatchPredictsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "train", 1_000_000,
                ProgressBar.Unit.ROWS, false);

        bar.update(1_024, "epoch 1");

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("epoch 1").contains("ETA --:--:--");
    }
}
