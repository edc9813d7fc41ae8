package io.sluice.service.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code sluice} command of the server image: serve, and the clients that check a running server. */
@Command(name = "sluice", mixinStandardHelpOptions = true,
        description = "Real-time bid-likelihood scoring for ad requests (gRPC + legacy Thrift).",
        subcommands = {ServeCommand.class, ScoreCommand.class, LegacyFilterCommand.class, HealthCommand.class,
                CommandLine.HelpCommand.class})
public final class ServerCli {

    public static void main(String[] args) {
        System.exit(SluiceCommandLine.of(new ServerCli()).execute(args));
    }
}
