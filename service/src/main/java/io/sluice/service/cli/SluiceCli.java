package io.sluice.service.cli;

import io.sluice.service.config.ConfigException;
import io.sluice.training.DataFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command: serve, generate data, train, evaluate. */
@Command(name = "sluice", mixinStandardHelpOptions = true, version = "sluice 0.1.0",
        description = "Real-time bid-likelihood scoring for ad requests (gRPC + legacy Thrift).",
        subcommands = {ServeCommand.class, GenerateCommand.class, TrainCommand.class, ScoreCommand.class,
                LegacyFilterCommand.class, HealthCommand.class,
                EvaluateCommand.class, ExportFeaturesCommand.class,
                CommandLine.HelpCommand.class})
public final class SluiceCli {

    /** Exit code for bad input: settings, arguments, or data files. */
    static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new SluiceCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof ConfigException || e instanceof DataFormatException
                            || e instanceof IllegalArgumentException) {
                        cmd.getErr().println("sluice " + cmd.getCommandName() + ": " + e.getMessage());
                        return EXIT_BAD_INPUT;
                    }
                    throw e;
                });
    }
}
