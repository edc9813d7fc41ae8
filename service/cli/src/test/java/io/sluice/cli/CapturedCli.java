package io.sluice.cli;

import io.sluice.service.cli.SluiceCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The workstation's {@code sluice} command line run in-process, keeping everything it wrote to stdout and stderr. */
final class CapturedCli {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code args} and returns the exit code. */
    int run(String... args) {
        CommandLine cli = SluiceCommandLine.of(new SluiceCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
