package io.sluice.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.RunningServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code sluice legacy-filter} can call as the legacy client does: its own device category, no user agent. */
class LegacyFilterCommandTest {

    private static RunningServer running;

    @BeforeAll
    static void start() throws Exception {
        running = RunningServer.inProcess(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    private static CliRun legacyFilter(String... options) {
        String[] args = new String[5 + options.length];
        args[0] = "legacy-filter";
        args[1] = "--advertiser=3358";
        args[2] = "--host=127.0.0.1";
        args[3] = "--port=" + running.server.thriftPort();
        args[4] = "--hour=09";
        System.arraycopy(options, 0, args, 5, options.length);
        return CliRun.of(new ServerCli(), args);
    }

    @Test
    void deviceTypeIdWithoutAUserAgentScoresAsAUserAgentOfThatCategory() {
        CliRun legacyShape = legacyFilter("--user-agent=", "--device-type-id=4");
        CliRun crawlerAgent = legacyFilter("--user-agent=Mozilla/5.0 (compatible; Googlebot/2.1)");

        assertThat(legacyShape.exitCode()).as("stderr: %s", legacyShape.err()).isZero();
        assertThat(legacyShape.out()).isEqualTo(crawlerAgent.out())
                .isNotEqualTo(legacyFilter("--user-agent=", "--device-type-id=0").out());
    }

    @Test
    void deviceTypeIdOutsideTheCategoriesIsTheServersOneLineRefusal() {
        legacyFilter("--user-agent=", "--device-type-id=9").failsWith(1, "sluice legacy-filter: INVALID_ARGUMENT: "
                + "deviceTypeId: must be 0..6 (0 smartphone, 1 mobilephone, 2 appliance, 3 pc, 4 crawler, 5 misc, "
                + "6 no user agent), got 9");
    }
}
