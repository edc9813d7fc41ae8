package io.sluice.bench.jmh;

import io.sluice.api.v1.BidRequest;
import io.sluice.bench.LoadBench;
import io.sluice.bench.RequestCorpus;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.scoring.ModelLoader;

/** Inputs shared by the JMH benchmarks: the load generator's request corpus and the bundled model. */
final class BenchmarkData {

    /** Requests cycled through; a power of two so the index wraps with a mask. */
    static final int REQUESTS = 1024;
    static final int MASK = REQUESTS - 1;
    private static final long MAX_ARTIFACT_BYTES = 256L << 20;

    private BenchmarkData() {
    }

    static RequestCorpus corpus() {
        return RequestCorpus.generate(REQUESTS, LoadBench.CORPUS_SEED);
    }

    /** The local request time the server derives for request {@code i}. */
    static RequestTime timeOf(RequestCorpus corpus, int i) {
        BidRequest bid = corpus.scoreRequests().get(i).getBidRequest();
        return RequestTime.at(corpus.arrivals().get(i), bid.getDevice().getGeo().getUtcoffset());
    }

    /** Every corpus request's features, extracted once. */
    static FeatureVector[] features(RequestCorpus corpus) {
        FeatureVector[] rows = new FeatureVector[corpus.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = FeatureVector.forCurrentSpec();
            FeatureExtractor.extract(corpus.scoreRequests().get(i).getBidRequest(), timeOf(corpus, i), rows[i]);
        }
        return rows;
    }

    static ModelArtifact bundledModel() throws ArtifactException {
        return ModelArtifact.read(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX), MAX_ARTIFACT_BYTES);
    }
}
