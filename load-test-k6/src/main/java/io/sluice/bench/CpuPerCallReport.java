package io.sluice.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one invocation of {@link CpuPerCallBench} measured, serialised as its JSON output.
 *
 * @param machine       where and when it ran
 * @param ratePerSecond the constant offered rate of every measured window
 * @param window        length of each measured window
 * @param idleWindow    length of each idle measurement, before and after every window
 * @param samples       every measured window, in the order run
 * @param summary       named figures as median and range over rounds (ratios are per round, then summarised)
 */
public record CpuPerCallReport(BenchReport.Machine machine, double ratePerSecond, Duration window,
                               Duration idleWindow, List<Sample> samples, Map<String, Spread> summary) {

    /**
     * One server driven over one protocol for one window.
     *
     * @param round    1-based round
     * @param server   echo or sluice-compiled
     * @param protocol grpc-unary, grpc-stream or thrift
     * @param cpu      the server's CPU per answered call
     * @param step     what the generator saw: answers, failures, latency from intended send time
     */
    public record Sample(int round, String server, String protocol, CpuPerCall cpu, StepResult step) {
    }
}
