package io.sluice.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of a {@code sluice} command line in-process, with what it wrote to stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} on the server image's command line. */
    static CliRun server(String... args) {
        return of(new ServerCli(), args);
    }

    static CliRun of(Object root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCommandLine.of(root);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Asserts the exit code and that stderr is exactly {@code line}: one line, no stack trace. */
    CliRun failsWith(int expectedExitCode, String line) {
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(err.lines()).as("stderr").containsExactly(line);
        assertThat(exitCode).as("exit code; stderr: %s", err).isEqualTo(expectedExitCode);
        return this;
    }
}
