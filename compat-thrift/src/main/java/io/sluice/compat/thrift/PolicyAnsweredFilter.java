package io.sluice.compat.thrift;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import java.util.function.Consumer;
import org.apache.thrift.TException;
import org.slf4j.LoggerFactory;

/**
 * A legacy filter whose failed calls answer the {@code thrift.on-error} likelihood instead of their exception; every
 * such answer is handed on to be counted and logged in a {@link ThrottledWarning}. Built by
 * {@link OnErrorPolicy#applyTo}.
 */
public final class PolicyAnsweredFilter implements BidRequestFilter.Iface {

    private final BidRequestFilter.Iface delegate;
    private final double likelihood;
    private final Consumer<LegacyCallFailure> answered;
    private final ThrottledWarning warning;

    PolicyAnsweredFilter(BidRequestFilter.Iface delegate, double likelihood, Consumer<LegacyCallFailure> answered) {
        this.delegate = delegate;
        this.likelihood = likelihood;
        this.answered = answered;
        this.warning = new ThrottledWarning(LoggerFactory.getLogger(PolicyAnsweredFilter.class),
                "answered {} failed legacy call(s) with likelihood " + likelihood + " since the last report "
                        + "(thrift.on-error: a policy answer, not a score); latest: {}");
    }

    @Override
    public BidResponse filter(BidRequest request) throws TException {
        try {
            return delegate.filter(request);
        } catch (LegacyCallFailure e) {
            answered.accept(e);
            warning.occurred(e.getMessage());
            return new BidResponse(likelihood);
        }
    }
}
