package io.sluice.service.deploy;

import io.sluice.service.config.SluiceConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CloudFormation template of the ECS deployment and the configuration its Sluice container runs with. */
final class EcsTemplate {

    static final String FILE = "ecs/sluice-ecs.yaml";
    static final String SCORER = "sluice";
    static final String COLLECTOR = "otel-collector";

    private EcsTemplate() {
    }

    static Tree template() {
        return DeploymentFiles.document(FILE);
    }

    /** The properties of every resource of {@code type}. */
    static List<Tree> properties(String type) {
        return template().get("Resources").entries().values().stream()
                .filter(resource -> resource.get("Type").string().equals(type))
                .map(resource -> resource.get("Properties"))
                .toList();
    }

    static Tree resource(String logicalId) {
        Tree resource = template().at("Resources", logicalId);
        if (!resource.exists()) {
            throw new AssertionError("no resource " + logicalId + " in " + FILE);
        }
        return resource;
    }

    static Tree container(String name) {
        return properties("AWS::ECS::TaskDefinition").stream()
                .flatMap(task -> task.get("ContainerDefinitions").list().stream())
                .filter(container -> container.get("Name").string().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + FILE));
    }

    /** A container's Environment entries; values that are intrinsics are kept as their YAML text. */
    static Map<String, Tree> environment(Tree container) {
        Map<String, Tree> env = new LinkedHashMap<>();
        for (Tree entry : container.get("Environment").list()) {
            env.put(entry.get("Name").string(), entry.get("Value"));
        }
        return env;
    }

    /** The Sluice container's environment: the image's ENV, then the task definition's (intrinsics resolved). */
    static Map<String, String> scorerEnvironment(Dockerfile image) {
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        environment(container(SCORER)).forEach((name, value) -> env.put(name, resolve(value)));
        return env;
    }

    /** Example stack parameters and resource names, so values built with Ref and Fn::Sub read like deployed ones. */
    private static final Map<String, String> EXAMPLES = Map.of("ModelBucket", "example-models",
            "ModelPrefix", "sluice/bid-likelihood", "AWS::Region", "us-east-1", "AWS::StackName", "sluice",
            "Cluster", "sluice-cluster", "Service.Name", "sluice-service");
    /** A {@code ${Name}} variable of {@code Fn::Sub} ({@code ${!Literal}} is not one). */
    static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    /** A scalar, or a {@code Ref} / {@code Fn::Sub} of stack parameters, resolved with {@link #substitute}. */
    static String resolve(Tree value) {
        if (value.value() instanceof Map && (value.get("Ref").exists() || value.get("Fn::Sub").exists())) {
            return substitute(value.get("Ref").exists() ? "${" + value.get("Ref").string() + "}"
                    : value.get("Fn::Sub").string());
        }
        return value.string();
    }

    /** Fills the {@code ${Name}} variables of {@code text}: examples first, then the parameters' defaults. */
    static String substitute(String text) {
        Tree parameters = template().get("Parameters");
        Matcher variable = SUB_VARIABLE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value = EXAMPLES.containsKey(name) ? EXAMPLES.get(name)
                    : parameters.at(name, "Default").exists() ? parameters.at(name, "Default").string() : null;
            if (value == null) {
                throw new AssertionError("the test has no example for ${" + name + "} in: " + text);
            }
            variable.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return variable.appendTail(resolved).toString();
    }

    /** The CloudWatch dashboard's body, variables filled, parsed (JSON is YAML). */
    static Tree dashboardBody() {
        return DeploymentFiles.fragment("DashboardBody", resolve(resource("Dashboard").at("Properties",
                "DashboardBody")));
    }

    static SluiceConfig scorerConfig(Dockerfile image) {
        return ServiceContract.configFor(scorerEnvironment(image));
    }
}
