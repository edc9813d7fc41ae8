package io.sluice.service.cli;

import java.io.PrintWriter;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Builds a {@code sluice} command line: one line and an exit code for every ordinary failure, never a trace (unless
 * {@code --verbose}), and {@code --version} and {@code --verbose} on every command.
 *
 * <p>Every subcommand gets them here, because the subcommands live in different modules (the server's and the
 * offline tools') and the two roots ({@link ServerCli} and the workstation's) share this one place.
 */
public final class SluiceCommandLine {

    /** Exit code for a failure while running: server unreachable, port taken, unexpected error. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for bad input: settings, arguments, or files. */
    public static final int EXIT_BAD_INPUT = 2;
    /** The option, accepted by every command, that adds the stack trace to a failure's one line. */
    public static final String VERBOSE = "--verbose";

    private SluiceCommandLine() {
    }

    /** The command line of {@code root}, whose {@code @Command} lists the subcommands. */
    public static CommandLine of(Object root) {
        CommandLine cli = new CommandLine(root);
        SluiceVersion version = new SluiceVersion();
        forEachCommand(cli, new IdentityHashMap<>(), spec -> {
            if (spec.findOption("--version") != null) {
                spec.versionProvider(version);
            }
            if (spec.findOption(VERBOSE) == null) {
                spec.addOption(OptionSpec.builder(VERBOSE)
                        .description("On failure, print the stack trace as well as the one-line message.")
                        .build());
            }
        });
        return cli
                .setParameterExceptionHandler(SluiceCommandLine::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    CliFailure failure = CliFailure.of(e, cmd.getCommand());
                    PrintWriter err = cmd.getErr();
                    boolean verbose = verbose(parsed);
                    if (verbose) {
                        e.printStackTrace(err);
                    }
                    err.println(cmd.getCommandSpec().qualifiedName() + ": " + failure.message(verbose));
                    err.flush();
                    return failure.exitCode();
                });
    }

    private static void forEachCommand(CommandLine cli, Map<CommandLine, Boolean> seen,
                                       Consumer<CommandSpec> action) {
        if (seen.put(cli, Boolean.TRUE) != null) {
            return; // an alias of a command already visited
        }
        action.accept(cli.getCommandSpec());
        for (CommandLine sub : cli.getSubcommands().values()) {
            forEachCommand(sub, seen, action);
        }
    }

    /** Whether {@code --verbose} was given to the root or any command on the way to the one that ran. */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /** A command line picocli could not parse: one line naming the problem and where help is, exit 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = CliFailure.usageMessage(e);
        cmd.getErr().println(name + ": " + message + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return EXIT_BAD_INPUT;
    }
}
