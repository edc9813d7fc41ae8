package io.sluice.service.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.incubator.metrics.BoundDoubleHistogram;
import io.opentelemetry.api.incubator.metrics.BoundLongCounter;
import io.opentelemetry.api.incubator.metrics.ExtendedDoubleHistogram;
import io.opentelemetry.api.incubator.metrics.ExtendedLongCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.context.Context;

/**
 * Instruments bound once to fixed attributes. The SDK then skips, on every recording, the lookup of the series
 * by its attributes (hashing and comparing them) that an unbound recording pays. A meter without bound
 * instruments (the no-op meter) gets the same series recorded the unbound way.
 */
final class BoundInstruments {

    private BoundInstruments() {
    }

    static BoundDoubleHistogram bind(DoubleHistogram histogram, Attributes attributes) {
        if (histogram instanceof ExtendedDoubleHistogram extended) {
            return extended.bind(attributes);
        }
        return new BoundDoubleHistogram() {
            @Override
            public void record(double value) {
                histogram.record(value, attributes);
            }

            @Override
            public void record(double value, Context context) {
                histogram.record(value, attributes, context);
            }
        };
    }

    static BoundLongCounter bind(LongCounter counter, Attributes attributes) {
        if (counter instanceof ExtendedLongCounter extended) {
            return extended.bind(attributes);
        }
        return new BoundLongCounter() {
            @Override
            public void add(long value) {
                counter.add(value, attributes);
            }

            @Override
            public void add(long value, Context context) {
                counter.add(value, attributes, context);
            }
        };
    }
}
