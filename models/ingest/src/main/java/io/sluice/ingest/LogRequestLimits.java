package io.sluice.ingest;

import io.sluice.scoring.RequestLimits;

/** The request limits logged requests are checked against: the server's defaults, so a row is one it would score. */
public final class LogRequestLimits {

    /** The server's default limits (the {@code limits.*} settings). */
    public static final RequestLimits DEFAULT = new RequestLimits(64, 64, 256, 1024, 1000, 64 * 1024, 32);

    private LogRequestLimits() {
    }
}
