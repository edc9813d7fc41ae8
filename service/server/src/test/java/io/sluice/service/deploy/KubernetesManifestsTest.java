package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.config.SluiceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifests against what the service reads and serves (probes are run in {@link ProbesTest}). */
class KubernetesManifestsTest {

    private static final Dockerfile IMAGE = Dockerfile.read(DeploymentFiles.ROOT.resolve("Dockerfile"));

    private final Tree deployment = KubernetesManifests.deployment(KubernetesManifests.SCORER);
    private final Tree container = KubernetesManifests.container(KubernetesManifests.SCORER);
    private final SluiceConfig config = KubernetesManifests.scorerConfig(IMAGE);

    @Test
    void scorerEnvironmentHoldsOnlyVariablesTheServiceReadsWithValuesItAccepts() {
        Map<String, String> declared = new LinkedHashMap<>(KubernetesManifests.scorerEnvironment(IMAGE));
        declared.keySet().removeAll(IMAGE.environment().keySet());

        assertThat(declared).isNotEmpty();
        ServiceContract.assertReadsEvery(declared, "the Kubernetes scorer pods");
        ServiceContract.configFor(KubernetesManifests.scorerEnvironment(IMAGE));
    }

    @Test
    void containerPortsAreTheOnesTheServiceListensOn() {
        assertThat(namedPorts(container)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "grpc", config.grpc().port(), "thrift", config.thrift().port(), "admin", config.admin().port()));
    }

    @Test
    void servicesSelectTheScorerPodsAndRouteToItsPorts() {
        Map<String, String> podLabels = labels(deployment.at("spec", "template", "metadata", "labels"));
        for (String name : List.of("sluice", "sluice-headless")) {
            Tree service = DeploymentFiles.kubernetesObject("Service", name);
            assertThat(podLabels).as(name + " selector").containsAllEntriesOf(labels(service.at("spec", "selector")));
            for (Tree port : service.at("spec", "ports").list()) {
                int target = KubernetesManifests.port(port.get("targetPort"), container);
                assertThat(port.get("port").integer()).as(port.path()).isEqualTo(target);
            }
        }
    }

    @Test
    void headlessServiceGivesClientsOneAddressPerPodOnTheGrpcPort() {
        Tree headless = DeploymentFiles.kubernetesObject("Service", "sluice-headless");

        assertThat(headless.at("spec", "clusterIP").string()).isEqualTo("None");
        assertThat(headless.at("spec", "ports").list())
                .extracting(port -> KubernetesManifests.port(port.get("targetPort"), container))
                .containsExactly(config.grpc().port());
    }

    @Test
    void autoscalerAndDisruptionBudgetGovernTheScorer() {
        Map<String, String> podLabels = labels(deployment.at("spec", "template", "metadata", "labels"));
        Tree hpa = DeploymentFiles.kubernetesObject("HorizontalPodAutoscaler", KubernetesManifests.SCORER);
        Tree pdb = DeploymentFiles.kubernetesObject("PodDisruptionBudget", KubernetesManifests.SCORER);

        assertThat(hpa.at("spec", "scaleTargetRef", "kind").string()).isEqualTo("Deployment");
        assertThat(hpa.at("spec", "scaleTargetRef", "name").string()).isEqualTo(KubernetesManifests.SCORER);
        assertThat(hpa.at("spec", "metrics").list()).extracting(m -> m.at("containerResource", "container").string())
                .containsOnly(container.get("name").string());
        assertThat(podLabels).containsAllEntriesOf(labels(pdb.at("spec", "selector", "matchLabels")))
                .containsAllEntriesOf(labels(deployment.at("spec", "selector", "matchLabels")));
    }

    @Test
    void terminationGraceOutlastsPreStopAndTheWorstCaseDrain() {
        List<String> preStop = container.at("lifecycle", "preStop", "exec", "command").strings();
        assertThat(preStop).hasSize(2).startsWith("sleep");
        Duration needed = Duration.ofSeconds(Long.parseLong(preStop.get(1)))
                .plus(ServiceContract.worstCaseStop(config));

        assertThat(Duration.ofSeconds(deployment.at("spec", "template", "spec", "terminationGracePeriodSeconds")
                .integer())).isGreaterThan(needed);
    }

    @Test
    void scorerRunsAsTheImageUserWithItsNativeLibraryCacheOnAWritableVolume() {
        Tree pod = deployment.at("spec", "template", "spec");
        String cache = ServiceContract.nativeLibraryCache(KubernetesManifests.scorerEnvironment(IMAGE));

        assertThat(pod.at("securityContext", "runAsUser").string())
                .isEqualTo(IMAGE.last(IMAGE.finalStage(), "USER").split(":")[0]);
        assertThat(container.at("securityContext", "readOnlyRootFilesystem").string()).isEqualTo("true");
        assertThat(container.get("volumeMounts").list()).extracting(mount -> mount.get("mountPath").string())
                .anyMatch(path -> cache.startsWith(path + "/"));
    }

    @Test
    void scorerSendsTelemetryToTheCollectorsOtlpHttpReceiver() {
        URI endpoint = URI.create(KubernetesManifests.scorerEnvironment(IMAGE).get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Tree service = DeploymentFiles.kubernetesObject("Service", endpoint.getHost());
        Tree collector = KubernetesManifests.container(KubernetesManifests.COLLECTOR);
        Tree port = service.at("spec", "ports").list().stream()
                .filter(p -> p.get("port").integer() == endpoint.getPort())
                .findFirst().orElseThrow(() -> new AssertionError(endpoint + ": no such port on " + service.path()));

        assertThat(KubernetesManifests.port(port.get("targetPort"), collector))
                .isEqualTo(CollectorConfig.otlpPort("http"));
    }

    @Test
    void collectorReadsTheSharedConfigAndGetsEveryVariableItNeeds() {
        Tree collectorPod = KubernetesManifests.deployment(KubernetesManifests.COLLECTOR)
                .at("spec", "template", "spec");
        Tree collector = KubernetesManifests.container(KubernetesManifests.COLLECTOR);
        Tree generator = DeploymentFiles.document("kustomization.yaml").get("configMapGenerator").list().get(0);
        String[] file = generator.get("files").strings().get(0).split("=");
        Tree mount = collector.get("volumeMounts").list().get(0);
        Tree volume = collectorPod.get("volumes").list().stream()
                .filter(v -> v.get("name").string().equals(mount.get("name").string())).findFirst().orElseThrow();

        assertThat(file[1]).isEqualTo(CollectorConfig.FILE);
        assertThat(volume.at("configMap", "name").string()).isEqualTo(generator.get("name").string());
        assertThat(collector.get("args").strings())
                .contains("--config=" + mount.get("mountPath").string() + "/" + file[0]);
        assertThat(KubernetesManifests.env(collector).keySet()).containsAll(CollectorConfig.variables());
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertThat(KubernetesManifests.port(collector.at(probe, "httpGet", "port"), collector)).as(probe)
                    .isEqualTo(CollectorConfig.healthPort());
        }
    }

    private static Map<String, Integer> namedPorts(Tree container) {
        return container.get("ports").list().stream()
                .collect(Collectors.toMap(p -> p.get("name").string(), p -> p.get("containerPort").integer()));
    }

    private static Map<String, String> labels(Tree labels) {
        Map<String, String> map = new LinkedHashMap<>();
        labels.entries().forEach((key, value) -> map.put(key, value.string()));
        return map;
    }
}
