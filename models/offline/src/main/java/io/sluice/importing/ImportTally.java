package io.sluice.importing;

import io.sluice.api.v1.ImportCounts;

/** The running counts of an import, with the first few rejections' reasons. */
final class ImportTally {

    /** How many rejections are quoted in the counts. */
    static final int QUOTED_REJECTIONS = 5;

    private final ImportCounts.Builder counts = ImportCounts.newBuilder();

    void requestRead() {
        counts.setRequestsRead(counts.getRequestsRead() + 1);
    }

    void outcomeRead() {
        counts.setOutcomesRead(counts.getOutcomesRead() + 1);
    }

    void rowWritten() {
        counts.setRowsWritten(counts.getRowsWritten() + 1);
    }

    void requestUnmatched() {
        counts.setRequestsUnmatched(counts.getRequestsUnmatched() + 1);
    }

    void outcomesUnmatched(int n) {
        counts.setOutcomesUnmatched(counts.getOutcomesUnmatched() + n);
    }

    /** Counts a rejected line or outcome; {@code where} is "file:line" (of the request, for an outcome the join could not use). */
    void rejected(String where, String reason) {
        counts.setRejected(counts.getRejected() + 1);
        if (counts.getFirstRejectionsCount() < QUOTED_REJECTIONS) {
            counts.addFirstRejections(where + ": " + reason);
        }
    }

    ImportCounts counts() {
        return counts.build();
    }
}
