package io.sluice.service.cli;

import io.sluice.BadInputException;
import io.sluice.model.ArtifactException;
import picocli.CommandLine;

/** Builds a {@code sluice} command line: one line and an exit code for every ordinary failure, never a trace. */
public final class SluiceCommandLine {

    /** Exit code for a failure while running: server unreachable, port taken, model refused at run time. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for bad input: settings, arguments, or files. */
    public static final int EXIT_BAD_INPUT = 2;

    private SluiceCommandLine() {
    }

    /** The command line of {@code root}, whose {@code @Command} lists the subcommands. */
    public static CommandLine of(Object root) {
        return new CommandLine(root)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof BadInputException || e instanceof ArtifactException
                            || e instanceof IllegalArgumentException) {
                        cmd.getErr().println("sluice " + cmd.getCommandName() + ": " + e.getMessage());
                        return EXIT_BAD_INPUT;
                    }
                    throw e;
                });
    }
}
