package io.sluice.scoring;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.api.v1.ThresholdSource;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import io.sluice.model.Predictor;
import io.sluice.shaping.RecallTarget;
import io.sluice.shaping.RecallTargetThresholds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified artifact made ready to serve: its predictor, partner lookup, and each partner's serving threshold
 * (picked when it loads, see {@link RecallTargetThresholds}). Immutable and thread-safe.
 */
public final class ServingModel {

    private final ModelManifest manifest;
    private final Predictor predictor;
    private final Map<String, Integer> outputByPartner;
    private final List<String> partnerIds;
    private final List<ServingThreshold> servingThresholds;
    private final double[] thresholds;
    private final ThresholdSource[] thresholdSources;

    private ServingModel(ModelManifest manifest, Predictor predictor, RecallTarget recallTarget) {
        this.manifest = manifest;
        this.predictor = predictor;
        this.partnerIds = manifest.getPartnersList().stream().map(p -> p.getPartnerId()).toList();
        this.servingThresholds = manifest.getPartnersList().stream()
                .map(p -> RecallTargetThresholds.choose(p, recallTarget)).toList();
        this.thresholds = servingThresholds.stream().mapToDouble(ServingThreshold::getThreshold).toArray();
        this.thresholdSources = servingThresholds.stream().map(ServingThreshold::getSource)
                .toArray(ThresholdSource[]::new);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < partnerIds.size(); i++) {
            index.put(partnerIds.get(i), i);
        }
        this.outputByPartner = Map.copyOf(index);
    }

    /**
     * Serves {@code predictor}, built from the verified artifact {@code manifest} describes, and picks each partner's
     * threshold for {@code recallTarget}.
     */
    public static ServingModel of(ModelManifest manifest, Predictor predictor, RecallTarget recallTarget) {
        return new ServingModel(manifest, predictor, recallTarget);
    }

    /** Runs {@code passes} predictions so JIT compilation and native initialisation happen before real traffic. */
    public void warmUp(int passes) {
        FeatureVector features = FeatureVector.forCurrentSpec();
        float[] out = new float[partnerIds.size()];
        BidRequest request = BidRequest.newBuilder().setId("warm-up").addImp(Imp.getDefaultInstance()).build();
        for (int i = 0; i < passes; i++) {
            FeatureExtractor.extract(request, new RequestTime(i % 24, i % 7), features);
            predictor.predict(features, out);
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public String version() {
        return manifest.getVersion();
    }

    public Predictor predictor() {
        return predictor;
    }

    /** Partner ids in output order. */
    public List<String> partnerIds() {
        return partnerIds;
    }

    /** The output column of {@code partnerId}, or -1 if the model does not know it. */
    public int outputOf(String partnerId) {
        return outputByPartner.getOrDefault(partnerId, -1);
    }

    /** The threshold output {@code output} is served with when a request names none. */
    public double threshold(int output) {
        return thresholds[output];
    }

    /** Where {@link #threshold} came from: the target recall or the model's default. */
    public ThresholdSource thresholdSource(int output) {
        return thresholdSources[output];
    }

    /** Each partner's serving threshold and what it is expected to keep and filter, in output order. */
    public List<ServingThreshold> servingThresholds() {
        return servingThresholds;
    }

    /**
     * The manifest as a server describes the model it serves (ModelAdmin): each partner completed with the threshold
     * it is served with.
     */
    public ModelManifest description() {
        ModelManifest.Builder described = manifest.toBuilder();
        for (int i = 0; i < partnerIds.size(); i++) {
            described.getPartnersBuilder(i).setServingThreshold(servingThresholds.get(i));
        }
        return described.build();
    }
}
