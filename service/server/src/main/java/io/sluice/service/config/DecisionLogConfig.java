package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.DECISION_LOG_BUFFER_RECORDS;
import static io.sluice.service.config.SettingsCatalog.DECISION_LOG_DIRECTORY;
import static io.sluice.service.config.SettingsCatalog.DECISION_LOG_MAX_FILE_AGE;
import static io.sluice.service.config.SettingsCatalog.DECISION_LOG_MAX_FILE_SIZE;
import static io.sluice.service.config.SettingsCatalog.DECISION_LOG_S3_LOCATION;
import static io.sluice.service.config.SettingsCatalog.DECISION_LOG_SAMPLE_RATE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The decision log (keys {@code decision-log.*}): how much is sampled, and where and in what files it goes. */
public record DecisionLogConfig(double sampleRate, Path directory, Optional<S3Location> s3Location,
                                DataSize maxFileSize, Duration maxFileAge, int bufferRecords) {

    /** Whether anything is logged at all. */
    public boolean enabled() {
        return sampleRate > 0;
    }

    static DecisionLogConfig from(ConfigReader r) {
        return new DecisionLogConfig(r.get(DECISION_LOG_SAMPLE_RATE), Path.of(r.get(DECISION_LOG_DIRECTORY)),
                S3Location.parse(r.get(DECISION_LOG_S3_LOCATION)), r.get(DECISION_LOG_MAX_FILE_SIZE),
                r.get(DECISION_LOG_MAX_FILE_AGE), r.get(DECISION_LOG_BUFFER_RECORDS));
    }
}
