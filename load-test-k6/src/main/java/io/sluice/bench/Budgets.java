package io.sluice.bench;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared load budgets file ({@code load-test-k6/budgets.json}): the k6 scenarios and the Java generator's
 * settings, so both tools test against the same numbers.
 *
 * @param scenarios k6 scenarios by name ({@code grpc_unary}, {@code grpc_stream})
 * @param generator the Java open-loop generator's settings
 */
public record Budgets(Map<String, Scenario> scenarios, GeneratorBudget generator) {

    /** Default location, relative to the repository root. */
    public static final Path DEFAULT_FILE = Path.of("load-test-k6", "budgets.json");

    private static final Pattern K6_DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    /**
     * One k6 scenario: a constant arrival rate for a bounded time, and its latency threshold.
     *
     * @param ratePerSecond      iterations started per second
     * @param messagesPerStream  requests sent on each stream (streaming scenarios only)
     * @param duration           how long the scenario runs
     * @param preAllocatedVus    k6 virtual users allocated up front
     * @param maxVus             k6's cap on virtual users
     * @param p99Ms              the p99 latency threshold in milliseconds
     * @param deadline           gRPC deadline of each call
     */
    public record Scenario(int ratePerSecond, int messagesPerStream, Duration duration, int preAllocatedVus,
                           int maxVus, double p99Ms, Duration deadline) {
    }

    /**
     * Settings of the Java open-loop generator.
     *
     * @param host                     target address; must be loopback
     * @param warmup                   time limit of the unrecorded warmup before the first step (JIT, connections)
     * @param warmupRequests           requests of that warmup
     * @param warmupConcurrency        requests outstanding at once during warmup (closed loop: a cold, slow
     *                                 server is not flooded)
     * @param step                     length of one rate step of the max-throughput search
     * @param drain                    how long a step waits for in-flight calls after its last send
     * @param recovery                 idle time after a step the server did not sustain, so the backlog it left
     *                                 behind (calls the client already gave up on) does not spill into the next
     * @param startRatePerSecond       first rate of the search; doubled until a step is not sustained
     * @param maxRatePerSecond         the search never offers more than this
     * @param bisectSteps              bisections between the last sustained and the first failed rate
     * @param sustainedCompletionRatio a step is sustained when at least this share of its requests succeeded
     * @param sustainedP99Ms           ... and its p99 stayed under this (the server kept up, no growing queue)
     * @param reportFractionOfMax      latency is reported at this fraction of the max sustained rate
     * @param report                   length of that latency run
     * @param overloadFactor           the overload run offers this multiple of the max sustained rate
     * @param overload                 length of the overload run
     * @param maxInFlight              calls outstanding at once; a send beyond it counts as dropped, not queued
     * @param grpcChannels             HTTP/2 connections (and streams) the gRPC generator spreads calls over
     * @param thriftConnections        Thrift connections, one blocking client thread each
     * @param sequentialRequests       requests of the single-connection sequential Thrift run
     * @param maxRequestsPerRun        upper bound on the requests any one step or run may send
     */
    public record GeneratorBudget(String host, Duration warmup, int warmupRequests, int warmupConcurrency,
                                  Duration step, Duration drain, Duration recovery, int startRatePerSecond,
                                  int maxRatePerSecond, int bisectSteps, double sustainedCompletionRatio,
                                  double sustainedP99Ms, double reportFractionOfMax, Duration report,
                                  double overloadFactor, Duration overload, int maxInFlight, int grpcChannels,
                                  int thriftConnections, int sequentialRequests, long maxRequestsPerRun) {
    }

    /** Reads and checks a budgets file. */
    public static Budgets load(Path file) throws IOException {
        Gson gson = new GsonBuilder()
                .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                .registerTypeAdapter(Duration.class, new K6DurationAdapter())
                .create();
        Budgets budgets;
        try (Reader in = Files.newBufferedReader(file)) {
            budgets = gson.fromJson(in, Budgets.class);
        } catch (JsonParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        budgets.requireLoopback(file);
        return budgets;
    }

    private void requireLoopback(Path file) throws IOException {
        if (generator == null || scenarios == null) {
            throw new IOException(file + ": needs both \"scenarios\" and \"generator\"");
        }
        if (!generator.host().equals("127.0.0.1") && !generator.host().equals("localhost")) {
            throw new IOException(file + ": generator.host must be loopback (127.0.0.1), got " + generator.host());
        }
    }

    /** k6 duration strings ("500ms", "2s", "1m") as {@link Duration}. */
    static final class K6DurationAdapter extends TypeAdapter<Duration> {

        @Override
        public void write(JsonWriter out, Duration value) throws IOException {
            out.value(value.toMillis() + "ms");
        }

        @Override
        public Duration read(JsonReader in) throws IOException {
            String text = in.nextString();
            Matcher m = K6_DURATION.matcher(text);
            if (!m.matches()) {
                throw new JsonParseException("not a k6 duration (500ms, 2s, 1m): '" + text + "'");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
    }
}
