package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.util.JsonFormat;
import io.grpc.MethodDescriptor;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k6 cannot be installed here, so the shipped k6 scripts are checked statically: they parse, they read the shared
 * budgets file and only scenarios it defines, and every file, proto and gRPC method they name exists.
 */
class K6ScriptsTest {

    private static final Path SCRIPTS = Path.of("").toAbsolutePath();
    private static final Pattern OPENED = Pattern.compile("open\\('([^']+)'\\)");
    private static final Pattern PROTO_LOAD = Pattern.compile("client\\.load\\(\\['([^']+)'[^\\]]*\\],\\s*'([^']+)'\\)");
    private static final Pattern METHOD = Pattern.compile("'(sluice\\.v1\\.\\w+/\\w+)'");
    private static final Pattern SCENARIO = Pattern.compile("budgets\\.scenarios\\.(\\w+)");

    private static String script(String name) throws IOException {
        return Files.readString(SCRIPTS.resolve(name));
    }

    private static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-unary.js", "grpc-stream.js"})
    void scriptReadsTheSharedBudgetsFileAndOnlyScenariosItDefines(String name) throws IOException {
        String text = script(name);
        Budgets budgets = Budgets.load(SCRIPTS.resolve("budgets.json"));

        assertThat(all(OPENED, text, 1)).contains("./budgets.json");
        assertThat(all(SCENARIO, text, 1)).isNotEmpty().allSatisfy(scenario ->
                assertThat(budgets.scenarios()).containsKey(scenario));
        assertThat(text).contains("p(99)<${scenario.p99_ms}").contains("'constant-arrival-rate'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-unary.js", "grpc-stream.js"})
    void everyFileTheScriptOpensExists(String name) throws IOException {
        assertThat(all(OPENED, script(name), 1)).isNotEmpty().allSatisfy(file ->
                assertThat(SCRIPTS.resolve(file)).isRegularFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-unary.js", "grpc-stream.js"})
    void protoTheScriptLoadsExistsInProtoFolder(String name) throws IOException {
        Matcher load = PROTO_LOAD.matcher(script(name));
        assertThat(load.find()).as("client.load([...], 'file.proto') in " + name).isTrue();
        Path importRoot = SCRIPTS.resolve(load.group(1)).normalize();

        assertThat(importRoot).isEqualTo(SCRIPTS.resolve("../proto/src/main/proto").normalize());
        assertThat(importRoot.resolve(load.group(2))).isRegularFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-unary.js", "grpc-stream.js"})
    void everyMethodTheScriptCallsIsDefinedByTheScorerProto(String name) throws IOException {
        Set<String> defined = ScorerGrpc.getServiceDescriptor().getMethods().stream()
                .map(MethodDescriptor::getFullMethodName).collect(Collectors.toSet());
        String proto = Files.readString(SCRIPTS.resolve("../proto/src/main/proto/sluice/v1/scorer.proto"));

        List<String> called = all(METHOD, script(name), 1);
        assertThat(called).isNotEmpty().allSatisfy(method -> {
            assertThat(defined).contains(method);
            assertThat(proto).contains("rpc " + method.substring(method.indexOf('/') + 1) + "(");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-unary.js", "grpc-stream.js"})
    void requestTheScriptSendsIsAValidScoreRequest(String name) throws IOException {
        for (String file : all(OPENED, script(name), 1)) {
            if (file.contains("score-request")) {
                ScoreRequest.Builder request = ScoreRequest.newBuilder();
                JsonFormat.parser().merge(Files.readString(SCRIPTS.resolve(file)), request);
                assertThat(request.getBidRequest().getId()).isNotEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-unary.js", "grpc-stream.js"})
    void scriptIsSyntacticallyValidJavaScript(String name) throws Exception {
        assumeTrue(nodeAvailable(), "node is not installed: the JavaScript syntax check is skipped");
        // k6 scripts are ES modules; node parses a .mjs copy without running it.
        Path copy = Files.createTempFile("k6-", ".mjs");
        try {
            Files.writeString(copy, script(name));
            Process node = new ProcessBuilder("node", "--check", copy.toString()).redirectErrorStream(true).start();
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.exitValue()).as(output).isZero();
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
