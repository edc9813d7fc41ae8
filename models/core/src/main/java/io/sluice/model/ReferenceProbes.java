package io.sluice.model;

import io.sluice.api.v1.FeatureField;
import io.sluice.api.v1.FeatureSpec;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.ProbeOutput;
import io.sluice.features.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fixed probe inputs and the reference (DL4J) outputs for them, recorded in the manifest when an artifact is written,
 * so a server can check its compiled forward pass at load without DL4J: a reader or layout mistake that changes the
 * outputs refuses the model instead of serving wrong likelihoods.
 */
public final class ReferenceProbes {

    /** Largest difference allowed between a recorded output and the compiled pass (float rounding, summation order). */
    public static final float TOLERANCE = 1e-5f;
    private static final int PROBES = 4;
    private static final long SEED = 20261202L;

    private ReferenceProbes() {
    }

    /**
     * {@code reference}'s {@code outputs} outputs for the probe inputs of {@code spec}: one active column per field,
     * drawn from a fixed seed.
     */
    public static List<ProbeOutput> record(Predictor reference, FeatureSpec spec, int outputs) {
        SplittableRandom random = new SplittableRandom(SEED);
        List<ProbeOutput> probes = new ArrayList<>();
        for (int p = 0; p < PROBES; p++) {
            ProbeOutput.Builder probe = ProbeOutput.newBuilder();
            for (FeatureField field : spec.getFieldsList()) {
                probe.addActiveColumns(field.getOffset() + random.nextInt(field.getSize()));
            }
            float[] out = new float[outputs];
            reference.predict(features(probe.getActiveColumnsList()), out);
            for (float output : out) {
                probe.addOutputs(output);
            }
            probes.add(probe.build());
        }
        return probes;
    }

    /**
     * Checks {@code predictor} against the probe outputs recorded in {@code manifest}; refuses a probe naming a column
     * outside the input, a wrong number of outputs, or an output further than {@link #TOLERANCE} from the record.
     */
    public static void check(Predictor predictor, ModelManifest manifest, String location) throws ArtifactException {
        int dimension = manifest.getFeatureSpec().getDimension();
        int partners = manifest.getPartnersCount();
        for (int p = 0; p < manifest.getProbesCount(); p++) {
            ProbeOutput probe = manifest.getProbes(p);
            for (int column : probe.getActiveColumnsList()) {
                if (column < 0 || column >= dimension) {
                    throw new ArtifactException(location + ": probe " + p + " names column " + column
                            + ", outside the " + dimension + " inputs");
                }
            }
            if (probe.getOutputsCount() != partners) {
                throw new ArtifactException(location + ": probe " + p + " records " + probe.getOutputsCount()
                        + " outputs for " + partners + " partners");
            }
            float[] actual = new float[partners];
            predictor.predict(features(probe.getActiveColumnsList()), actual);
            for (int j = 0; j < partners; j++) {
                float recorded = probe.getOutputs(j);
                if (!(Math.abs(actual[j] - recorded) <= TOLERANCE)) {
                    throw new ArtifactException(location + ": the compiled forward pass disagrees with the outputs "
                            + "recorded when the model was written: probe " + p + " output " + j + " ("
                            + manifest.getPartners(j).getPartnerId() + ") is " + actual[j] + ", recorded " + recorded
                            + " (tolerance " + TOLERANCE + ")");
                }
            }
        }
    }

    private static FeatureVector features(List<Integer> columns) {
        FeatureVector features = new FeatureVector(columns.size());
        columns.forEach(features::add);
        return features;
    }
}
