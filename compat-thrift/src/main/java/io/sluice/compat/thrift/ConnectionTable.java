package io.sluice.compat.thrift;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open legacy connections, for the decisions that look at all of them, such as which one to evict when every
 * worker is taken. A connection is listed when accepted and leaves when it is closed.
 */
final class ConnectionTable {

    private final Set<GuardedSocketTransport> open = ConcurrentHashMap.newKeySet();

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
}
