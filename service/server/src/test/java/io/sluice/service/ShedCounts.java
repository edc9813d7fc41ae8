package io.sluice.service;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

/** Reads {@code sluice_requests_shed_total} by reason from an in-memory metric reader, for admission tests. */
public final class ShedCounts {

    private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    private ShedCounts() {
    }

    /** Requests counted as shed for {@code reason}. */
    public static long of(InMemoryMetricReader reader, String reason) {
        return reader.collectAllMetrics().stream()
                .filter(m -> m.getName().equals("sluice.requests.shed"))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> reason.equals(p.getAttributes().get(REASON)))
                .mapToLong(LongPointData::getValue)
                .sum();
    }
}
