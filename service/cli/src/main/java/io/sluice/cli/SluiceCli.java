package io.sluice.cli;

import io.sluice.offline.EvaluateCommand;
import io.sluice.offline.ExportFeaturesCommand;
import io.sluice.offline.GenerateCommand;
import io.sluice.offline.ImportCommand;
import io.sluice.offline.SimulateCommand;
import io.sluice.offline.TrainCommand;
import io.sluice.service.cli.HealthCommand;
import io.sluice.service.cli.LegacyFilterCommand;
import io.sluice.service.cli.ScoreCommand;
import io.sluice.service.cli.ServeCommand;
import io.sluice.service.cli.SluiceCommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code sluice} command on a workstation: the server's commands and the offline tools. */
@Command(name = "sluice", mixinStandardHelpOptions = true,
        description = "Real-time bid-likelihood scoring for ad requests (gRPC + legacy Thrift).",
        subcommands = {ServeCommand.class, ScoreCommand.class, LegacyFilterCommand.class, HealthCommand.class,
                GenerateCommand.class, ImportCommand.class, TrainCommand.class, EvaluateCommand.class,
                ExportFeaturesCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class})
public final class SluiceCli {

    public static void main(String[] args) {
        System.exit(SluiceCommandLine.of(new SluiceCli()).execute(args));
    }
}
