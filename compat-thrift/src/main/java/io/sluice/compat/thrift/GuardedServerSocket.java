package io.sluice.compat.thrift;

import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TServerTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * The listening socket of the legacy endpoint. Every accepted connection is listed in the connection table and handed
 * to libthrift wrapped in a {@link GuardedSocketTransport}, so the bounds it adds apply from the first byte and
 * libthrift's own bookkeeping (closing the connection when its worker ends or when it is refused) goes through the
 * wrapper too.
 */
final class GuardedServerSocket extends TServerTransport {

    private final TServerSocket listener;
    private final GuardedSocketTransport.Limits limits;
    private final ConnectionTable table;
    private final ConnectionCounters counters;

    GuardedServerSocket(TServerSocket listener, GuardedSocketTransport.Limits limits, ConnectionTable table,
                        ConnectionCounters counters) {
        this.listener = listener;
        this.limits = limits;
        this.table = table;
        this.counters = counters;
    }

    @Override
    public void listen() throws TTransportException {
        listener.listen();
    }

    @Override
    public GuardedSocketTransport accept() throws TTransportException {
        return table.add(new GuardedSocketTransport(listener.accept(), limits, table, counters));
    }

    @Override
    public void close() {
        listener.close();
    }

    @Override
    public void interrupt() {
        listener.interrupt();
    }
}
