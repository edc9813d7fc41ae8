package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.config.SluiceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The ECS CloudFormation template against itself, the image and the service (probes run in {@link ProbesTest}). */
class EcsTemplateTest {

    private static final Dockerfile IMAGE = Dockerfile.read(DeploymentFiles.ROOT.resolve("Dockerfile"));
    /** Actions without resource-level permissions, the only ones allowed on Resource "*". */
    private static final Set<String> ACTIONS_WITHOUT_RESOURCES = Set.of(
            "ecr:GetAuthorizationToken", "xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private final Tree template = EcsTemplate.template();
    private final Tree scorer = EcsTemplate.container(EcsTemplate.SCORER);
    private final Tree collector = EcsTemplate.container(EcsTemplate.COLLECTOR);
    private final SluiceConfig config = EcsTemplate.scorerConfig(IMAGE);

    @Test
    void everyReferenceNamesAParameterAResourceOrAPseudoParameter() {
        Set<String> declared = new HashSet<>(template.get("Parameters").entries().keySet());
        declared.addAll(template.get("Resources").entries().keySet());
        Set<String> resources = template.get("Resources").entries().keySet();

        for (Tree node : template.descendants()) {
            if (!(node.value() instanceof Map)) {
                continue;
            }
            Tree ref = node.get("Ref");
            if (ref.exists()) {
                assertThat(ref.string()).as(ref.path()).satisfiesAnyOf(
                        name -> assertThat(declared).contains(name), name -> assertThat(name).startsWith("AWS::"));
            }
            Tree getAtt = node.get("Fn::GetAtt");
            if (getAtt.exists()) {
                assertThat(resources).as(getAtt.path()).contains(getAtt.strings().get(0));
            }
            Tree sub = node.get("Fn::Sub");
            if (sub.exists()) {
                Matcher variable = EcsTemplate.SUB_VARIABLE.matcher(sub.string());
                while (variable.find()) {
                    String name = variable.group(1);
                    assertThat(name).as(sub.path()).satisfiesAnyOf(
                            n -> assertThat(n).startsWith("AWS::"),
                            n -> assertThat(declared).contains(n),
                            n -> assertThat(resources).contains(n.split("\\.")[0]));
                }
            }
        }
        template.get("Resources").entries().forEach((id, resource) -> assertThat(resources).as(id + " DependsOn")
                .containsAll(resource.get("DependsOn").strings()));
    }

    @Test
    void scorerEnvironmentHoldsOnlyVariablesTheServiceReadsWithValuesItAccepts() {
        Map<String, String> declared = new LinkedHashMap<>();
        EcsTemplate.environment(scorer).forEach((name, value) -> declared.put(name, EcsTemplate.resolve(value)));

        assertThat(declared).isNotEmpty();
        ServiceContract.assertReadsEvery(declared, "the ECS sluice container");
        ServiceContract.configFor(EcsTemplate.scorerEnvironment(IMAGE));
    }

    @Test
    void containerPortsTargetGroupsAndListenersUseTheServicePorts() {
        assertThat(scorer.get("PortMappings").list()).extracting(p -> p.get("ContainerPort").integer())
                .containsExactlyInAnyOrder(config.grpc().port(), config.thrift().port(), config.admin().port());
        Tree service = EcsTemplate.resource("Service").get("Properties");
        assertThat(service.get("LoadBalancers").list()).extracting(lb -> lb.get("ContainerPort").integer())
                .containsExactlyInAnyOrder(config.grpc().port(), config.thrift().port());
        for (Tree lb : service.get("LoadBalancers").list()) {
            Tree group = EcsTemplate.resource(lb.at("TargetGroupArn", "Ref").string()).get("Properties");
            assertThat(lb.get("ContainerName").string()).isEqualTo(EcsTemplate.SCORER);
            assertThat(group.get("Port").integer()).as(lb.path()).isEqualTo(lb.get("ContainerPort").integer());
            assertThat(group.get("TargetType").string()).as("awsvpc tasks register by IP").isEqualTo("ip");
        }
        for (Tree listener : EcsTemplate.properties("AWS::ElasticLoadBalancingV2::Listener")) {
            Tree group = EcsTemplate.resource(listener.get("DefaultActions").list().get(0)
                    .at("TargetGroupArn", "Ref").string()).get("Properties");
            assertThat(listener.get("Protocol").string()).isEqualTo("TCP");
            assertThat(listener.get("Port").integer()).isEqualTo(group.get("Port").integer());
        }
    }

    @Test
    void containerHealthCheckIsTheImagesHealthCheck() {
        List<String> command = scorer.at("HealthCheck", "Command").strings();

        assertThat(command.subList(1, command.size())).isEqualTo(IMAGE.healthcheckCommand());
    }

    @Test
    void stopTimeoutOutlastsTheWorstCaseDrain() {
        assertThat(Duration.ofSeconds(scorer.get("StopTimeout").integer()))
                .isGreaterThan(ServiceContract.worstCaseStop(config));
    }

    @Test
    void scorerHasItsNativeLibraryCacheOnAWritableVolume() {
        String cache = ServiceContract.nativeLibraryCache(EcsTemplate.scorerEnvironment(IMAGE));

        assertThat(scorer.get("ReadonlyRootFilesystem").string()).isEqualTo("true");
        assertThat(scorer.get("MountPoints").list()).extracting(mount -> mount.get("ContainerPath").string())
                .anyMatch(path -> cache.startsWith(path + "/"));
    }

    @Test
    void collectorSidecarGetsTheSharedConfigAndEveryVariableItNeeds() {
        URI endpoint = URI.create(EcsTemplate.scorerEnvironment(IMAGE).get("OTEL_EXPORTER_OTLP_ENDPOINT"));

        assertThat(endpoint.getHost()).isEqualTo("localhost");
        assertThat(endpoint.getPort()).as("Sluice exports OTLP over HTTP").isEqualTo(CollectorConfig.otlpPort("http"));
        assertThat(collector.get("Secrets").list()).extracting(secret -> secret.get("Name").string())
                .containsExactly("AOT_CONFIG_CONTENT");
        assertThat(EcsTemplate.environment(collector).keySet()).containsAll(CollectorConfig.variables());
    }

    @Test
    void callRateScalingReadsTheCallCountOfThisServiceAndEnvironmentThatTheCollectorExports() {
        List<Tree> queries = EcsTemplate.resource("CallRateScalingPolicy")
                .at("Properties", "TargetTrackingScalingPolicyConfiguration", "CustomizedMetricSpecification",
                        "Metrics")
                .list();
        Tree calls = queries.stream().filter(q -> q.get("Id").string().equals("calls")).findFirst().orElseThrow()
                .at("MetricStat", "Metric");
        Set<String> dimensions = new HashSet<>();
        calls.get("Dimensions").list().forEach(d -> dimensions.add(d.get("Name").string()));

        assertThat(calls.get("Namespace").value())
                .isEqualTo(EcsTemplate.environment(collector).get("CLOUDWATCH_NAMESPACE").value());
        assertThat(dimensions).containsExactlyInAnyOrder("service.name", "deployment.environment");
        assertThat(CollectorConfig.cloudWatchDimensionSets(calls.get("MetricName").string(), dimensions))
                .contains(dimensions);
    }

    @Test
    void iamGrantsNoWildcardActionsReadOnlyModelsAndResourceWildcardsOnlyWhereAwsAllowsNoOther() {
        for (Tree role : EcsTemplate.properties("AWS::IAM::Role")) {
            for (Tree policy : role.get("Policies").list()) {
                for (Tree statement : policy.at("PolicyDocument", "Statement").list()) {
                    List<String> actions = statement.get("Action").value() instanceof List
                            ? statement.get("Action").strings() : List.of(statement.get("Action").string());
                    assertThat(actions).as(statement.path()).noneMatch(action -> action.contains("*"));
                    assertThat(statement.get("Effect").string()).isEqualTo("Allow");
                    if (statement.get("Resource").value() instanceof String resource && resource.equals("*")) {
                        assertThat(ACTIONS_WITHOUT_RESOURCES).as(statement.path()).containsAll(actions);
                    }
                    if (actions.stream().anyMatch(action -> action.startsWith("s3:"))) {
                        assertThat(actions).as(statement.path()).isSubsetOf("s3:GetObject", "s3:ListBucket");
                        assertThat(statement.at("Resource", "Fn::Sub").string()).contains("${ModelBucket}");
                    }
                }
            }
        }
    }
}
