package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.sluice.service.deploy.CloudWatchDashboardHtml.Chart;
import io.sluice.service.deploy.RecordedWidget.Line;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CloudWatch dashboard drawn from a recorded local load run: every widget shows data, and the business figures
 * read right. The page is written to target/cloudwatch-dashboard.html, to look at in a browser.
 */
class CloudWatchDashboardHtmlTest {

    static final Path PAGE = DeploymentFiles.REPOSITORY.resolve("service/server/target/cloudwatch-dashboard.html");

    private final MetricsRecording recording = MetricsRecording.read();
    private final List<Chart> charts = CloudWatchDashboardHtml.charts(EcsTemplate.dashboardBody(), recording);

    @Test
    void everyWidgetIsDrawnWithDataFromTheRecording() throws Exception {
        Files.createDirectories(PAGE.getParent());
        Files.writeString(PAGE, CloudWatchDashboardHtml.render(charts, recording));

        assertThat(charts).hasSameSizeAs(EcsTemplate.dashboardBody().get("widgets").list());
        assertThat(charts).allSatisfy(chart -> assertThat(chart.lines()).as(chart.title())
                .anySatisfy(line -> assertThat(Arrays.stream(line.values()).filter(Double::isFinite).max()
                        .orElse(0)).as(chart.title() + ": " + line.label()).isPositive()));
    }

    @Test
    void shareSentAndSkippedAddUpToOneAndTheP99IsAboveTheP50() {
        List<Line> shares = chart("Share sent and skipped (QPS saved)").lines();
        List<Line> latency = chart("Latency p50 / p99 per protocol vs budget (s)").lines();

        int withCalls = 0;
        for (int i = 0; i < recording.intervals(); i++) {
            assertThat(shares.get(0).values()[i] + shares.get(1).values()[i]).isCloseTo(1.0, offset(1e-9));
            // No gRPC call in the first seconds of the run: no data, as in CloudWatch.
            if (Double.isFinite(latency.get(0).values()[i])) {
                withCalls++;
                assertThat(latency.get(1).values()[i]).as("gRPC p99 >= p50")
                        .isGreaterThanOrEqualTo(latency.get(0).values()[i]);
            }
        }
        assertThat(withCalls).isGreaterThan(recording.intervals() / 2);
    }

    private Chart chart(String title) {
        return charts.stream().filter(c -> c.title().equals(title)).findFirst().orElseThrow();
    }
}
