package io.sluice.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.config.SettingsCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int serve(String... args) {
        CommandLine cli = SluiceCommandLine.of(new ServerCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void printDefaultsPrintsTheDocumentGeneratedFromTheCatalogEvenWithBadSettings() {
        assertThat(serve("--print-defaults", "--set", "grpc.port=fifty")).isZero();

        assertThat(out.toString()).isEqualTo(SettingsCatalog.defaultsDocument());
    }

    @Test
    void printConfigShowsEffectiveValuesInTheirUnitsWithSources() {
        assertThat(serve("--print-config", "--set", "grpc.shutdown-grace=PT15S")).isZero();

        assertThat(out.toString()).contains("grpc.shutdown-grace=15s  (--set)\n", "grpc.port=50051  (default)\n");
    }

    @Test
    void printConfigShowsTheThresholdEachPartnerOfTheModelWouldBeServedWith() {
        assertThat(serve("--print-config", "--set", "shaping.target-recall=0.9")).isZero();

        assertThat(out.toString()).contains("shaping.target-recall=0.9  (--set)\n",
                "# thresholds model bundled-3 (bundled) is served with under these settings:\n",
                "#   1458: 0.078469 (model default: target recall 0.9 cannot apply, the artifact has no threshold "
                        + "table)\n");
    }

    @Test
    void everyBadOverrideIsReportedOnItsOwnLineAndExitsTwo() {
        assertThat(serve("--print-config", "--set", "grpc.port=fifty", "--set", "thrift.monday-is=7",
                "--set", "grpc.prot=1")).isEqualTo(SluiceCommandLine.EXIT_BAD_INPUT);

        assertThat(err.toString()).isEqualTo("""
                sluice serve: 3 configuration problems:
                  unknown setting 'grpc.prot' (from --set); did you mean grpc.port?
                  grpc.port must be a port number from 0 to 65535, got 'fifty' (from --set)
                  thrift.monday-is must be 0 or 1, got '7' (from --set)
                """);
        assertThat(out.toString()).isEmpty();
    }
}
