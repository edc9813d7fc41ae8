package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.v1.LabeledBidRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    @TempDir
    Path dir;

    @Test
    void anExtractionThatFailsPartWayLeavesNoScratchFilesBehind() {
        Path folder = dir.resolve("model.feature-cache");
        Iterator<LabeledBidRequest> good = new SyntheticTraffic(SyntheticTraffic.Config.defaults(2)).rows(10);
        // A data file whose eleventh row does not parse, read without --skip-bad-rows.
        Iterator<LabeledBidRequest> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public LabeledBidRequest next() {
                if (good.hasNext()) {
                    return good.next();
                }
                throw new DataFormatException("row 11 does not parse", null);
            }
        };

        assertThatThrownBy(() -> FeatureCache.write(failing, List.of(), folder))
                .hasMessageContaining("row 11 does not parse");

        assertThat(folder).doesNotExist();
    }

    @Test
    void anExtractionIntoAFolderThatExistedLeavesTheFolderButNotTheCache() throws Exception {
        Iterator<LabeledBidRequest> rows = new SyntheticTraffic(SyntheticTraffic.Config.defaults(2)).rows(10);
        Files.writeString(dir.resolve("notes.txt"), "the user's own file");

        try (FeatureCache cache = FeatureCache.write(rows, List.of(), dir)) {
            assertThat(cache.rows()).isEqualTo(10);
            assertThat(cache.arrivals().rows()).isEqualTo(10);
        }

        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(dir.resolve("notes.txt"));
        }
    }
}
