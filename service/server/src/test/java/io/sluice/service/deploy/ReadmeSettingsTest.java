package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.config.Setting;
import io.sluice.service.config.SettingsCatalog;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of the main settings must not drift from their declarations. */
class ReadmeSettingsTest {

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    @Test
    void readmeSettingsTableNamesDeclaredSettingsWithTheirDeclaredDefaults() throws Exception {
        String readme = Files.readString(DeploymentFiles.REPOSITORY.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        List<String> rows = section.lines().filter(line -> line.startsWith("| `")).toList();

        assertThat(rows).isNotEmpty();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            List<String> keys = new ArrayList<>();
            for (Matcher key = BACKTICKED.matcher(cells[1]); key.find(); ) {
                keys.add(key.group(1));
            }
            List<String> defaults = Arrays.stream(cells[2].split(" / ")).map(d -> d.replace("`", "").trim()).toList();
            assertThat(defaults).as(row).hasSameSizeAs(keys);
            for (int i = 0; i < keys.size(); i++) {
                Setting<?> setting = SettingsCatalog.find(keys.get(i))
                        .orElseThrow(() -> new AssertionError("README names an unknown setting: " + row));
                assertThat(defaults.get(i)).as("default of %s in the README", setting.key())
                        .isEqualTo(setting.defaultText());
            }
        }
    }
}
