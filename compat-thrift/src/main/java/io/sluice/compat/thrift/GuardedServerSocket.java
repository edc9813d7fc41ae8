package io.sluice.compat.thrift;

import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TServerTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * The listening socket of the legacy endpoint. Every accepted connection is handed to libthrift wrapped in a
 * {@link GuardedSocketTransport}, so the bounds it adds apply from the first byte and libthrift's own bookkeeping
 * (closing the connection when its worker ends or when it is refused) goes through the wrapper too.
 */
final class GuardedServerSocket extends TServerTransport {

    private final TServerSocket listener;
    private final GuardedSocketTransport.Limits limits;

    GuardedServerSocket(TServerSocket listener, GuardedSocketTransport.Limits limits) {
        this.listener = listener;
        this.limits = limits;
    }

    @Override
    public void listen() throws TTransportException {
        listener.listen();
    }

    @Override
    public GuardedSocketTransport accept() throws TTransportException {
        return new GuardedSocketTransport(listener.accept(), limits);
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
