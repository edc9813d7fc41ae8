package io.sluice.service.deploy;

import io.sluice.service.config.SluiceConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Kubernetes objects of k8s-or-ecs/ that describe the Sluice pods, and the configuration they run with. */
final class KubernetesManifests {

    static final String SCORER = "sluice";
    static final String COLLECTOR = "sluice-otel-collector";

    private KubernetesManifests() {
    }

    static Tree deployment(String name) {
        return DeploymentFiles.kubernetesObject("Deployment", name);
    }

    /** The one container of the named Deployment's pods. */
    static Tree container(String deployment) {
        var containers = deployment(deployment).at("spec", "template", "spec", "containers").list();
        if (containers.size() != 1) {
            throw new AssertionError(deployment + " has " + containers.size() + " containers, expected one");
        }
        return containers.get(0);
    }

    /** The scorer container's environment: the image's ENV, then its ConfigMaps, then its own env entries. */
    static Map<String, String> scorerEnvironment(Dockerfile image) {
        Tree container = container(SCORER);
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        for (Tree source : container.get("envFrom").list()) {
            String configMap = source.at("configMapRef", "name").string();
            DeploymentFiles.kubernetesObject("ConfigMap", configMap).get("data").entries()
                    .forEach((name, value) -> env.put(name, value.string()));
        }
        env.putAll(env(container));
        return env;
    }

    static SluiceConfig scorerConfig(Dockerfile image) {
        return ServiceContract.configFor(scorerEnvironment(image));
    }

    /** A container's literal env entries. */
    static Map<String, String> env(Tree container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Tree entry : container.get("env").list()) {
            env.put(entry.get("name").string(), entry.get("value").string());
        }
        return env;
    }

    /** A probe's or Service's port, resolving a port name through the container's ports. */
    static int port(Tree port, Tree container) {
        if (port.value() instanceof Integer number) {
            return number;
        }
        return container.get("ports").list().stream()
                .filter(p -> p.get("name").exists() && p.get("name").string().equals(port.string()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(port.path() + " names no port of " + container.path()))
                .get("containerPort").integer();
    }
}
