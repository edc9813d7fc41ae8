package io.sluice.compat.thrift;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open legacy connections, for the decisions that look at all of them: which one to evict when every worker is
 * taken, which writes are stuck, and which connections a stop may close at once. A connection is listed when
 * accepted and leaves when it is closed.
 */
final class ConnectionTable {

    private final Set<GuardedSocketTransport> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    GuardedSocketTransport add(GuardedSocketTransport connection) {
        open.add(connection);
        return connection;
    }

    void remove(GuardedSocketTransport connection) {
        open.remove(connection);
    }

    /** A live view; connections may come and go while it is iterated. */
    Collection<GuardedSocketTransport> open() {
        return Collections.unmodifiableSet(open);
    }

    /**
     * Starts a drain: closes every connection idle between calls now, and makes the others close as soon as they
     * are (after answering every call already received). Closing is the only way to tell a legacy client to go
     * elsewhere; between calls it loses nothing.
     */
    void drain() {
        draining = true;
        for (GuardedSocketTransport connection : open) {
            connection.closeIfIdle();
        }
    }

    /** Whether a drain has started. */
    boolean draining() {
        return draining;
    }

    /** Closes every open connection, busy or not; returns how many. */
    int closeAll() {
        int closed = 0;
        for (GuardedSocketTransport connection : open) {
            closed += connection.abort() ? 1 : 0;
        }
        return closed;
    }
}
