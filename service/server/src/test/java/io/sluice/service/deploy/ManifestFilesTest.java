package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestFilesTest {

    static List<String> yamlFiles() {
        return DeploymentFiles.yamlFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void parsesAsPlainYaml(String file) {
        assertThat(DeploymentFiles.documents(file)).as(file).isNotEmpty();
    }

    @Test
    void kustomizationDeploysEveryKubernetesManifestAndOnlyExistingFiles() {
        Tree kustomization = DeploymentFiles.document("kustomization.yaml");
        List<String> manifests = DeploymentFiles.yamlFiles().stream().filter(f -> f.startsWith("kubernetes/")).toList();

        assertThat(kustomization.get("resources").strings()).containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(kustomization.get("configMapGenerator").list())
                .flatExtracting(generator -> generator.get("files").strings())
                .allSatisfy(file -> assertThat(DeploymentFiles.ROOT.resolve(file.substring(file.indexOf('=') + 1)))
                        .isRegularFile());
    }

    @Test
    void everyKubernetesObjectIsNamedAndLabelledAsPartOfSluice() {
        assertThat(DeploymentFiles.kubernetesObjects()).isNotEmpty().allSatisfy(object -> {
            assertThat(object.get("apiVersion").exists()).as(object.path()).isTrue();
            assertThat(object.at("metadata", "name").string()).as(object.path()).startsWith("sluice");
            if (!object.get("kind").string().equals("Namespace")) {
                assertThat(object.at("metadata", "labels", "app.kubernetes.io/name").string()).isEqualTo("sluice");
            }
        });
    }
}
