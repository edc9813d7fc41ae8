package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The workstation CLI runs the single-machine import; the Spark job and Spark itself stay in their own jar. */
class CliClassPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"io.sluice.spark.SparkImportJob", "org.apache.spark.sql.SparkSession", "scala.Product"})
    void cliDoesNotShip(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
