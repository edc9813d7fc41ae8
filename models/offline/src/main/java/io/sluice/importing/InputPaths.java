package io.sluice.importing;

import io.sluice.BadInputException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Expands an import's input arguments into files: a local file, a local glob ({@code logs/2026-12-0?/*.gz}, quoted
 * so the shell leaves it alone), or {@code s3://bucket/prefix} (every object under the prefix). An argument that
 * matches nothing is bad input.
 */
public final class InputPaths {

    private static final String S3_SCHEME = "s3://";
    private static final String GLOB_CHARACTERS = "*?[{";

    private final Supplier<S3Client> s3;

    /** Expands paths, asking {@code s3} for a client only when an argument is an s3:// URL. */
    public InputPaths(Supplier<S3Client> s3) {
        this.s3 = s3;
    }

    /** The files {@code arguments} name, in argument order, each argument's files sorted by name. */
    public List<InputFile> expand(String option, List<String> arguments) throws IOException {
        List<InputFile> files = new ArrayList<>();
        for (String argument : arguments) {
            List<InputFile> matched = argument.startsWith(S3_SCHEME) ? s3Objects(argument) : local(argument);
            if (matched.isEmpty()) {
                throw new BadInputException(option + " " + argument + ": matches no file");
            }
            files.addAll(matched);
        }
        return files;
    }

    private static List<InputFile> local(String argument) throws IOException {
        if (argument.chars().noneMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
            Path file = Path.of(argument);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(argument + ": no such file");
            }
            return List.of(localFile(file));
        }
        Path pattern = Path.of(argument).toAbsolutePath().normalize();
        Path base = pattern.getRoot();
        for (Path part : pattern) {
            if (part.toString().chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
                break;
            }
            base = base.resolve(part);
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> walk = Files.walk(base)) {
            List<Path> matched = walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
            List<InputFile> files = new ArrayList<>();
            for (Path file : matched) {
                files.add(localFile(file));
            }
            return files;
        }
    }

    private static InputFile localFile(Path file) throws IOException {
        return new InputFile(file.toString(), Files.size(file), () -> Files.newInputStream(file));
    }

    private List<InputFile> s3Objects(String url) {
        String rest = url.substring(S3_SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new BadInputException(url + ": no bucket (expected s3://bucket/prefix)");
        }
        S3Client client = s3.get();
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .filter(o -> !o.key().endsWith("/"))
                .sorted(Comparator.comparing(S3Object::key))
                .map(o -> new InputFile(S3_SCHEME + bucket + "/" + o.key(), o.size(),
                        () -> client.getObject(b -> b.bucket(bucket).key(o.key()))))
                .toList();
    }
}
