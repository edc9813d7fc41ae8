package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.config.Setting;
import io.sluice.service.config.SettingFamily;
import io.sluice.service.config.SettingsCatalog;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's tables of settings must not drift from their declarations. */
class ReadmeSettingsTest {

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    /** What a settings table shows as the default of a per-partner family: none. */
    private static final String NOT_SET = "-";

    @ParameterizedTest
    @ValueSource(strings = {"## Configuration", "## Traffic shaping"})
    void readmeSettingsTablesNameDeclaredSettingsWithTheirDeclaredDefaults(String heading) throws Exception {
        String readme = Files.readString(DeploymentFiles.REPOSITORY.resolve("README.md"));
        String section = readme.substring(readme.indexOf("\n" + heading + "\n"));
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
                String key = keys.get(i);
                String declared = SettingsCatalog.find(key).<String>map(Setting::defaultText)
                        .or(() -> family(key).map(family -> NOT_SET))
                        .orElseThrow(() -> new AssertionError("README names an unknown setting: " + row));
                assertThat(defaults.get(i)).as("default of %s in the README", key)
                        .isEqualTo(declared.isEmpty() ? "empty" : declared);
            }
        }
    }

    private static Optional<SettingFamily<?>> family(String pattern) {
        return SettingsCatalog.families().stream().filter(family -> family.pattern().equals(pattern)).findFirst();
    }
}
