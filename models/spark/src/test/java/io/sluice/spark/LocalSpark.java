package io.sluice.spark;

import org.apache.spark.sql.SparkSession;

/** A small local Spark for tests: two cores, no UI, few shuffle partitions; one per test class, it takes seconds. */
final class LocalSpark {

    private LocalSpark() {
    }

    static SparkSession start(String testName) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(testName)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
