package io.sluice.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** Runs the job's command line on a test's Spark session, capturing what it prints. */
final class RunJob {

    private final SparkSession spark;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    RunJob(SparkSession spark) {
        this.spark = spark;
    }

    int run(String... args) {
        CommandLine cli = SparkImportJob.commandLine(new SparkImportJob(() -> spark));
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
