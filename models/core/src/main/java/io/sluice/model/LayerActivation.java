package io.sluice.model;

/** The activations the compiled forward pass reproduces, applied in place. */
public enum LayerActivation {
    RELU {
        @Override
        void apply(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                v[i] = Math.max(v[i], 0f);
            }
        }
    },
    SIGMOID {
        @Override
        void apply(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) (1.0 / (1.0 + Math.exp(-v[i])));
            }
        }
    },
    TANH {
        @Override
        void apply(float[] v, int n) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) Math.tanh(v[i]);
            }
        }
    },
    IDENTITY {
        @Override
        void apply(float[] v, int n) {
        }
    };

    /** Applies the activation to the first {@code count} values. */
    abstract void apply(float[] values, int count);
}
