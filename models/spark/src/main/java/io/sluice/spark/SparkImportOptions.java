package io.sluice.spark;

import io.sluice.BadInputException;
import io.sluice.ingest.RequestFormat;
import io.sluice.ingest.ShardLayout;
import java.util.List;

/**
 * What one run of the job imports, and where to.
 *
 * @param requests           request log paths (files, folders, globs; any Hadoop file system URI)
 * @param format             what the request logs are
 * @param outcomes           outcome log paths: partners' outcomes, or iPinYou impression logs for {@code ipinyou-bid}
 * @param out                the shard folder to write (new or empty)
 * @param partsPerDay        shards per arrival day, as {@code sluice import --parts-per-day}
 * @param maxRejectedShare   the share of lines read that may be rejected before the import fails, in [0, 1]
 * @param maxFirstRejections how many rejections the manifest quotes
 */
record SparkImportOptions(List<String> requests, RequestFormat format, List<String> outcomes, String out,
                          int partsPerDay, double maxRejectedShare, int maxFirstRejections) {

    SparkImportOptions {
        requests = List.copyOf(requests);
        outcomes = List.copyOf(outcomes);
        if (requests.isEmpty() || outcomes.isEmpty()) {
            throw new BadInputException("give at least one request path and one outcome path");
        }
        if (partsPerDay < 1 || partsPerDay > ShardLayout.MAX_PARTS_PER_DAY) {
            throw new BadInputException("--parts-per-day must be 1.." + ShardLayout.MAX_PARTS_PER_DAY + ", got "
                    + partsPerDay);
        }
        if (!(maxRejectedShare >= 0 && maxRejectedShare <= 1)) {
            throw new BadInputException("--max-rejected-share must be in [0, 1], got " + maxRejectedShare);
        }
    }
}
