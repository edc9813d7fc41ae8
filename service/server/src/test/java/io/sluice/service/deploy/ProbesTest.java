package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.sluice.service.RunningServer;
import io.sluice.service.cli.ServerCli;
import io.sluice.service.cli.SluiceCommandLine;
import io.sluice.service.config.SluiceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every health check in every manifest (Dockerfile, Kubernetes probes and NLB annotations, ECS container and
 * target-group checks) aims at the port the service listens on, and behaves right against a real server: it
 * passes on a serving server, and a check that admits traffic fails while no model is loaded.
 */
class ProbesTest {

    private static final Dockerfile IMAGE = Dockerfile.read(DeploymentFiles.ROOT.resolve("Dockerfile"));

    private static RunningServer serving;
    private static RunningServer withoutModel;

    @BeforeAll
    static void startServers() throws Exception {
        serving = RunningServer.start(Map.of("thrift.enabled", "false"));
        withoutModel = RunningServer.withoutModel(Map.of("thrift.enabled", "false"));
    }

    @AfterAll
    static void stopServers() throws Exception {
        serving.close();
        withoutModel.close();
    }

    static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        probes.addAll(dockerfileProbes());
        probes.addAll(kubernetesProbes());
        probes.addAll(ecsProbes());
        return probes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void probeAimsAtThePortTheServiceListensOn(Probe probe) {
        assertThat(probe.declaredPort()).as(probe.name()).isEqualTo(probe.servicePort());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void probePassesAgainstAServingServer(Probe probe) {
        assertThat(passes(probe, serving)).as(probe.name()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void probeFailsWithoutAModelExactlyWhenItShouldAdmitNoTraffic(Probe probe) {
        assertThat(passes(probe, withoutModel)).as(probe.name()).isEqualTo(!probe.requiresModel());
    }

    private static boolean passes(Probe probe, RunningServer running) {
        if (probe instanceof Probe.HttpGet http) {
            return httpStatus(running.server.adminPort(), http.path()) / 100 == 2;
        }
        if (probe instanceof Probe.GrpcHealth grpc) {
            return grpcStatus(running.channel, grpc.service()) == ServingStatus.SERVING;
        }
        return runs(ServiceContract.aimedAt(((Probe.HealthCommand) probe).arguments(), running.server.grpcPort()));
    }

    private static int httpStatus(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ServingStatus grpcStatus(ManagedChannel channel, String service) {
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
        } catch (StatusRuntimeException e) {
            return ServingStatus.UNKNOWN;
        }
    }

    private static boolean runs(List<String> arguments) {
        CommandLine cli = SluiceCommandLine.of(new ServerCli());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(arguments.toArray(String[]::new)) == 0;
    }

    private static List<Probe> dockerfileProbes() {
        SluiceConfig config = ServiceContract.configFor(IMAGE.environment());
        return List.of(new Probe.HealthCommand("Dockerfile HEALTHCHECK",
                ServiceContract.jarArguments(IMAGE.healthcheckCommand()), config.grpc().port(), true));
    }

    private static List<Probe> kubernetesProbes() {
        SluiceConfig config = KubernetesManifests.scorerConfig(IMAGE);
        Tree container = KubernetesManifests.container(KubernetesManifests.SCORER);
        List<Probe> probes = new ArrayList<>();
        for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Tree probe = container.get(kind);
            String name = "Kubernetes " + kind;
            boolean requiresModel = !kind.equals("livenessProbe");
            if (probe.get("grpc").exists()) {
                Tree grpc = probe.get("grpc");
                probes.add(new Probe.GrpcHealth(name, KubernetesManifests.port(grpc.get("port"), container),
                        config.grpc().port(), grpc.get("service").exists() ? grpc.get("service").string() : "",
                        requiresModel));
            } else {
                Tree http = probe.get("httpGet");
                probes.add(new Probe.HttpGet(name, KubernetesManifests.port(http.get("port"), container),
                        config.admin().port(), http.get("path").string(), requiresModel));
            }
        }
        Tree annotations = DeploymentFiles.kubernetesObject("Service", KubernetesManifests.SCORER)
                .at("metadata", "annotations");
        String prefix = "service.beta.kubernetes.io/aws-load-balancer-healthcheck-";
        assertThat(annotations.get(prefix + "protocol").string()).isEqualTo("http");
        probes.add(new Probe.HttpGet("Kubernetes NLB health check", annotations.get(prefix + "port").integer(),
                config.admin().port(), annotations.get(prefix + "path").string(), true));
        return probes;
    }

    private static List<Probe> ecsProbes() {
        SluiceConfig config = EcsTemplate.scorerConfig(IMAGE);
        List<Probe> probes = new ArrayList<>();
        List<String> command = EcsTemplate.container(EcsTemplate.SCORER).at("HealthCheck", "Command").strings();
        assertThat(command.get(0)).as("ECS health check form").isEqualTo("CMD");
        probes.add(new Probe.HealthCommand("ECS container health check",
                ServiceContract.jarArguments(command.subList(1, command.size())), config.grpc().port(), true));
        for (Tree group : EcsTemplate.properties("AWS::ElasticLoadBalancingV2::TargetGroup")) {
            assertThat(group.get("HealthCheckProtocol").string()).isEqualTo("HTTP");
            probes.add(new Probe.HttpGet("ECS target group (port " + group.get("Port").string() + ") health check",
                    group.get("HealthCheckPort").integer(), config.admin().port(),
                    group.get("HealthCheckPath").string(), true));
        }
        return probes;
    }
}
