package io.sluice.scoring;

import io.sluice.scoring.ServingOptions.Inference;

/** Loads the bundled model for compiled inference in a fresh JVM, so a test can list the classes that took. */
public final class BundledCompiledLoad {

    /** Printed before the version of the model loaded. */
    static final String SERVING = "serving ";

    private BundledCompiledLoad() {
    }

    public static void main(String[] args) throws Exception {
        ServingModel model = ModelLoader.bundled(new ServingOptions(Inference.COMPILED, 1, 256L << 20, 1));
        System.out.println(SERVING + model.version());
    }
}
