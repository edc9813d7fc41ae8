package io.sluice.compat.thrift;

import com.aik.filterapi.BidRequestFilter;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * What a legacy call that cannot be scored answers ({@code thrift.on-error}): its {@link LegacyCallFailure} (the
 * default), or a fixed likelihood for callers that cannot survive an exception. The legacy client ends its whole
 * batch on one, and the legacy server never threw (it answered -1 or 0.0), so an operator replacing that server
 * under unchanged auction code may choose, say, 1.0, which makes a thresholding caller send the request (fail-open).
 * Such an answer is a policy, not a score.
 *
 * @param likelihood the likelihood every failed call answers, or empty to answer with the failure
 */
public record OnErrorPolicy(OptionalDouble likelihood) {

    /** A failed call answers with its exception. */
    public static final OnErrorPolicy EXCEPTION = new OnErrorPolicy(OptionalDouble.empty());
    /** What {@link #parse} accepts, phrased to follow "must be". */
    public static final String EXPECTED = "exception, or likelihood:<v> with v from 0 to 1 (e.g. likelihood:1.0)";

    private static final String LIKELIHOOD_PREFIX = "likelihood:";

    public OnErrorPolicy {
        likelihood.ifPresent(value -> {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("the on-error likelihood must be from 0 to 1, got " + value);
            }
        });
    }

    /** The policy written as {@code exception} or {@code likelihood:<v>}; IllegalArgumentException otherwise. */
    public static OnErrorPolicy parse(String text) {
        if (text.equals(EXCEPTION.toString())) {
            return EXCEPTION;
        }
        if (text.startsWith(LIKELIHOOD_PREFIX)) {
            String value = text.substring(LIKELIHOOD_PREFIX.length());
            // Digits only: Double.parseDouble would also take "NaN", "1e0", "0x1p0" or "1d".
            if (value.matches("\\d{1,9}(\\.\\d{1,17})?") && Double.parseDouble(value) <= 1) {
                return new OnErrorPolicy(OptionalDouble.of(Double.parseDouble(value)));
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
    }

    /**
     * {@code filter} answering by this policy: itself for {@link #EXCEPTION}; otherwise a filter that answers a
     * failed call with the likelihood, hands the failure to {@code answered} (to count it) and logs it at a
     * bounded rate.
     */
    public BidRequestFilter.Iface applyTo(BidRequestFilter.Iface filter, Consumer<LegacyCallFailure> answered) {
        return likelihood.isPresent() ? new PolicyAnsweredFilter(filter, likelihood.getAsDouble(), answered) : filter;
    }

    /** As the setting is written: {@code exception} or {@code likelihood:<v>}. */
    @Override
    public String toString() {
        return likelihood.isPresent() ? LIKELIHOOD_PREFIX + likelihood.getAsDouble() : "exception";
    }
}
