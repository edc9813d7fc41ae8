package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;

/**
 * Finds the highest constant rate a server sustains: double the rate from a start value until a step fails, then
 * bisect between the last sustained and the first failed rate. A failed step is run once more before the rate
 * counts as failed, so one stall (a GC pause, a noisy neighbour) does not end the search early.
 *
 * @param startPerSecond first rate tried
 * @param maxPerSecond   no rate above this is tried
 * @param bisectSteps    bisections after the doubling phase
 */
public record MaxRateSearch(double startPerSecond, double maxPerSecond, int bisectSteps) {

    /**
     * The search's outcome.
     *
     * @param maxSustainedPerSecond highest sustained rate found (0 if even the start rate failed)
     * @param steps                 every step run, in order
     */
    public record Result(double maxSustainedPerSecond, List<StepResult> steps) {
    }

    /** Runs steps through {@code step} until the bracket is narrow enough. */
    public Result find(DoubleFunction<StepResult> step, Predicate<StepResult> sustained) {
        List<StepResult> steps = new ArrayList<>();
        double good = 0;
        double bad = Double.NaN;
        for (double rate = startPerSecond; ; rate = Math.min(2 * rate, maxPerSecond)) {
            if (!attempt(step, sustained, rate, steps)) {
                bad = rate;
                break;
            }
            good = rate;
            if (rate >= maxPerSecond) {
                return new Result(good, steps);
            }
        }
        for (int i = 0; i < bisectSteps; i++) {
            double mid = (good + bad) / 2;
            if (attempt(step, sustained, mid, steps)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return new Result(good, steps);
    }

    /** Runs {@code rate}, and once more if it was not sustained; true if either step was sustained. */
    private static boolean attempt(DoubleFunction<StepResult> step, Predicate<StepResult> sustained, double rate,
                                   List<StepResult> steps) {
        for (int i = 0; i < 2; i++) {
            StepResult result = step.apply(rate);
            steps.add(result);
            if (sustained.test(result)) {
                return true;
            }
        }
        return false;
    }
}
