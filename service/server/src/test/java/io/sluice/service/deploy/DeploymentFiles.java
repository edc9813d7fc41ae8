package io.sluice.service.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment folder {@code k8s-or-ecs/} and its YAML, read with a safe loader: a custom tag such as
 * CloudFormation's short-form {@code !Ref} fails to parse, so every file stays readable by any YAML tool.
 */
final class DeploymentFiles {

    static final Path REPOSITORY = repositoryRoot();
    static final Path ROOT = REPOSITORY.resolve("k8s-or-ecs");

    private DeploymentFiles() {
    }

    /** Every YAML document in {@code relative} (a path under k8s-or-ecs/). */
    static List<Tree> documents(String relative) {
        Path file = ROOT.resolve(relative);
        List<Tree> documents = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            int index = 0;
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (document != null) {
                    documents.add(new Tree(relative + "#" + index, document));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** The single document of {@code relative}. */
    static Tree document(String relative) {
        List<Tree> documents = documents(relative);
        if (documents.size() != 1) {
            throw new AssertionError(relative + " has " + documents.size() + " documents, expected one");
        }
        return documents.get(0);
    }

    /** Parses a YAML or JSON fragment, such as an exec-form command line {@code ["java", "-jar", ...]}. */
    static Tree fragment(String name, String text) {
        return new Tree(name, new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    /** Every YAML file under k8s-or-ecs/, relative to it. */
    static List<String> yamlFiles() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> ROOT.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kubernetes object of {@code kind} named {@code name} among the files kustomization.yaml lists. */
    static Tree kubernetesObject(String kind, String name) {
        return kubernetesObjects().stream()
                .filter(object -> object.get("kind").string().equals(kind)
                        && object.at("metadata", "name").string().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in k8s-or-ecs/"));
    }

    /** Every Kubernetes object the kustomization deploys. */
    static List<Tree> kubernetesObjects() {
        return document("kustomization.yaml").get("resources").strings().stream()
                .flatMap(resource -> documents(resource).stream())
                .toList();
    }

    // Surefire and Failsafe run in the module folder; an IDE may run from the repository root.
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s-or-ecs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no k8s-or-ecs/ folder above " + Path.of("").toAbsolutePath());
    }
}
