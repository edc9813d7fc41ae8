package io.sluice.service.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a Dockerfile, grouped by build stage, with the few parsers the deployment tests need. */
record Dockerfile(List<Instruction> instructions) {

    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"([^\"]*)\"|(\\S+))");

    /** One instruction: its stage (the {@code AS} name, or the index of an unnamed stage), keyword and arguments. */
    record Instruction(String stage, String keyword, String arguments) {
    }

    /** A COPY: sources and destination as written, the stage it copies from (null = the build context). */
    record Copy(String stage, String fromStage, List<String> sources, String destination) {
    }

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        String stage = null;
        int stages = 0;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String[] parts = logical.toString().strip().split("\\s+", 2);
            logical.setLength(0);
            String keyword = parts[0].toUpperCase();
            String arguments = parts.length > 1 ? parts[1].strip() : "";
            if (keyword.equals("FROM")) {
                // Flags such as --platform come before the image.
                String[] from = Arrays.stream(arguments.split("\\s+")).filter(word -> !word.startsWith("--"))
                        .toArray(String[]::new);
                stage = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : Integer.toString(stages);
                stages++;
            }
            instructions.add(new Instruction(stage, keyword, arguments));
        }
        return new Dockerfile(instructions);
    }

    /** The arguments of every {@code keyword} instruction in {@code stage}. */
    List<String> all(String stage, String keyword) {
        return instructions.stream()
                .filter(i -> i.stage().equals(stage) && i.keyword().equals(keyword))
                .map(Instruction::arguments)
                .toList();
    }

    /** The arguments of the last {@code keyword} instruction in {@code stage} (the one that takes effect). */
    String last(String stage, String keyword) {
        List<String> all = all(stage, keyword);
        if (all.isEmpty()) {
            throw new AssertionError("no " + keyword + " in stage " + stage);
        }
        return all.get(all.size() - 1);
    }

    /** The stage the image is made of. */
    String finalStage() {
        return instructions.get(instructions.size() - 1).stage();
    }

    List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (!instruction.keyword().equals("COPY")) {
                continue;
            }
            String fromStage = null;
            List<String> paths = new ArrayList<>();
            for (String word : instruction.arguments().split("\\s+")) {
                if (word.startsWith("--from=")) {
                    fromStage = word.substring("--from=".length());
                } else if (!word.startsWith("--")) {
                    paths.add(word);
                }
            }
            copies.add(new Copy(instruction.stage(), fromStage, List.copyOf(paths.subList(0, paths.size() - 1)),
                    paths.get(paths.size() - 1)));
        }
        return copies;
    }

    /** The working directory in effect at the end of {@code stage}. */
    String workdir(String stage) {
        return last(stage, "WORKDIR");
    }

    /** The variables the final stage's ENV instructions set. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String arguments : all(finalStage(), "ENV")) {
            Matcher pair = ENV_PAIR.matcher(arguments);
            while (pair.find()) {
                env.put(pair.group(1), pair.group(3) != null ? pair.group(3) : pair.group(4));
            }
        }
        return env;
    }

    /** The exec-form command of the final stage's {@code keyword} (ENTRYPOINT, CMD). */
    List<String> execForm(String keyword) {
        return DeploymentFiles.fragment(keyword, last(finalStage(), keyword)).strings();
    }

    /** The command the container runs by default: ENTRYPOINT followed by CMD. */
    List<String> command() {
        List<String> command = new ArrayList<>(execForm("ENTRYPOINT"));
        command.addAll(execForm("CMD"));
        return command;
    }

    /** The exec-form command of the HEALTHCHECK, without its options. */
    List<String> healthcheckCommand() {
        String arguments = last(finalStage(), "HEALTHCHECK");
        int cmd = arguments.indexOf("CMD ");
        if (cmd < 0) {
            throw new AssertionError("HEALTHCHECK without CMD: " + arguments);
        }
        return DeploymentFiles.fragment("HEALTHCHECK", arguments.substring(cmd + 4)).strings();
    }

    List<Integer> exposedPorts() {
        return all(finalStage(), "EXPOSE").stream()
                .flatMap(arguments -> Arrays.stream(arguments.split("\\s+")))
                .map(port -> Integer.parseInt(port.replace("/tcp", "")))
                .toList();
    }
}
