package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The EMR step, the EMR Serverless job driver and the Spark operator's SparkApplication in {@code k8s-or-ecs/} run
 * this job as built: its main class, its jar, the Spark it is built against, and arguments its command line
 * accepts; the IAM policy lets it read what they read and write what they write. (No cluster runs here.)
 */
class DeploymentFilesTest {

    /** The shade plugin's finalName in this module's pom. */
    private static final String JOB_JAR = "sluice-spark-job.jar";
    private static final Path ROOT = repositoryRoot().resolve("k8s-or-ecs");

    @Test
    void emrStepSubmitsTheJobJarWithArgumentsTheJobAccepts() {
        List<Map<String, Object>> steps = load("emr/import-step.json");

        assertThat(steps).isNotEmpty().allSatisfy(step -> {
            assertThat(step.get("Type")).isEqualTo("Spark");
            SparkSubmit submit = SparkSubmit.of(strings(step.get("Args")));
            assertThat(submit.options()).containsEntry("--class", SparkImportJob.class.getName())
                    .containsEntry("spark.speculation", "false");
            assertThat(submit.jar()).endsWith("/" + JOB_JAR);
            assertJobAccepts(submit.arguments());
            assertPolicyCovers(submit.jar(), submit.arguments());
        });
    }

    @Test
    void emrServerlessJobDriverSubmitsTheJobJarWithArgumentsTheJobAccepts() {
        Map<String, Object> driver = load("emr/serverless-job-driver.json");
        Map<String, Object> submit = map(driver.get("sparkSubmit"));
        SparkSubmit parameters = SparkSubmit.of(List.of(((String) submit.get("sparkSubmitParameters")).split(" ")));

        assertThat(parameters.options()).containsEntry("--class", SparkImportJob.class.getName())
                .containsEntry("spark.speculation", "false");
        assertThat((String) submit.get("entryPoint")).endsWith("/" + JOB_JAR);
        assertJobAccepts(strings(submit.get("entryPointArguments")));
        assertPolicyCovers((String) submit.get("entryPoint"), strings(submit.get("entryPointArguments")));
    }

    @Test
    void sparkApplicationRunsTheJarOfItsImageOnTheSparkVersionTheJobIsBuiltFor() throws IOException {
        Map<String, Object> application = load("spark/sluice-import-sparkapplication.yaml");
        Map<String, Object> spec = map(application.get("spec"));
        String dockerfile = Files.readString(ROOT.resolve("spark/Dockerfile"));
        String sparkVersion = org.apache.spark.package$.MODULE$.SPARK_VERSION();

        assertThat(spec.get("mainClass")).isEqualTo(SparkImportJob.class.getName());
        assertThat(spec.get("sparkVersion")).isEqualTo(sparkVersion);
        assertThat(dockerfile).contains("FROM apache/spark:" + sparkVersion + "-scala2.12-java17")
                .contains("COPY models/spark/target/" + JOB_JAR + " "
                        + ((String) spec.get("mainApplicationFile")).substring("local://".length()));
        assertThat(map(spec.get("sparkConf"))).containsEntry("spark.speculation", "false");
        assertJobAccepts(strings(spec.get("arguments")));
    }

    @Test
    void iamPolicyGrantsNamedS3ActionsOnly() {
        assertThat(statements()).allSatisfy(statement ->
                assertThat(strings(statement.get("Action"))).allSatisfy(action ->
                        assertThat(action).startsWith("s3:").doesNotContain("*")));
    }

    private static void assertJobAccepts(List<String> arguments) {
        SparkImportJob job = new SparkImportJob(() -> {
            throw new AssertionError("parsing starts no Spark");
        });
        SparkImportJob.commandLine(job).parseArgs(arguments.toArray(String[]::new));
        assertThat(job.requests).isNotEmpty();
    }

    /** The policy lets the job read its jar and every input, and write under its output. */
    private static void assertPolicyCovers(String jar, List<String> arguments) {
        List<String> reads = new ArrayList<>(List.of(jar));
        String out = null;
        String option = null;
        for (String argument : arguments) {
            if (argument.startsWith("--")) {
                option = argument;
            } else if (option.equals("--out")) {
                out = argument;
            } else if (List.of("--requests", "--outcomes", "--impressions").contains(option)) {
                reads.add(argument);
            }
        }
        assertThat(reads).allSatisfy(path -> assertThat(allowed("s3:GetObject")).anyMatch(path::startsWith));
        assertThat(allowed("s3:PutObject")).anyMatch(out::startsWith);
        assertThat(allowed("s3:DeleteObject")).as("the manifest is renamed into place").anyMatch(out::startsWith);
    }

    /** The s3:// prefixes on which the policy allows {@code action}. */
    private static List<String> allowed(String action) {
        return statements().stream()
                .filter(statement -> statement.get("Effect").equals("Allow")
                        && strings(statement.get("Action")).contains(action))
                .flatMap(statement -> strings(statement.get("Resource")).stream())
                .map(arn -> "s3://" + arn.substring("arn:aws:s3:::".length()).replace("*", ""))
                .toList();
    }

    private static List<Map<String, Object>> statements() {
        Map<String, Object> policy = load("emr/job-role-policy.json");
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object statement : (List<?>) policy.get("Statement")) {
            statements.add(map(statement));
        }
        return statements;
    }

    /** spark-submit's options (with {@code --conf k=v} as k to v), then the application jar and its arguments. */
    private record SparkSubmit(Map<String, String> options, String jar, List<String> arguments) {

        static SparkSubmit of(List<String> args) {
            Map<String, String> options = new LinkedHashMap<>();
            int i = 0;
            while (i < args.size() && args.get(i).startsWith("--")) {
                String value = args.get(i + 1);
                if (args.get(i).equals("--conf")) {
                    options.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                } else {
                    options.put(args.get(i), value);
                }
                i += 2;
            }
            return new SparkSubmit(options, i < args.size() ? args.get(i) : "",
                    args.subList(Math.min(i + 1, args.size()), args.size()));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T load(String relative) {
        try {
            return (T) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ROOT.resolve(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of((String) value);
    }

    // Surefire runs in the module folder; an IDE may run from the repository root.
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s-or-ecs")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no k8s-or-ecs/ folder above " + Path.of("").toAbsolutePath());
    }
}
