package io.sluice.bench;

/** One way of calling a server (gRPC unary, gRPC streaming, legacy Thrift) that the open-loop generator drives. */
public interface LoadProtocol extends AutoCloseable {

    /** Short name used in reports, e.g. {@code grpc-unary}. */
    String name();

    /** Starts a step whose outcomes go to {@code recorder}. */
    Sender begin(StepRecorder recorder);

    /** Releases connections and threads. */
    @Override
    void close();

    /** Issues the requests of one step; used by one thread only. */
    interface Sender extends AutoCloseable {

        /**
         * Sends the next request without waiting for its answer. The caller has already counted it as sent; its
         * outcome is recorded against {@code intendedNanos}.
         */
        void send(long intendedNanos);

        /** No more sends in this step (ends request streams); answers may still arrive. */
        @Override
        void close();
    }
}
