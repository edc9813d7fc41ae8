package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server, and so the image built from its jar, carries none of the offline tools, and no Spark. */
class ServerClassPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "io.sluice.training.Trainer",
        "io.sluice.training.SyntheticTraffic",
        "io.sluice.evaluation.EvaluationCharts",
        "io.sluice.offline.TrainCommand",
        "io.sluice.spark.SparkImportJob",
        "org.apache.spark.sql.SparkSession",
        "org.apache.hadoop.fs.FileSystem",
        "scala.Product"})
    void serverDoesNotShip(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
