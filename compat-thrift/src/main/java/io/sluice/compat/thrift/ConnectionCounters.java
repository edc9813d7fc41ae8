package io.sluice.compat.thrift;

import java.util.concurrent.atomic.LongAdder;

/** Legacy connections the endpoint cut, by reason; the server module exposes them as metrics. */
final class ConnectionCounters {

    /** The bytes were not a message the legacy contract can read. */
    final LongAdder malformedMessages = new LongAdder();
    /** A message exceeded {@code thrift.max-message-size}. */
    final LongAdder oversizedMessages = new LongAdder();
    /** A message did not arrive whole within {@code thrift.message-read-timeout} of its first byte. */
    final LongAdder messageReadTimeouts = new LongAdder();
    /** A write of an answer did not return within {@code thrift.write-timeout} (the client does not read). */
    final LongAdder writeTimeouts = new LongAdder();
    /** Closed to give its worker to a new connection while every worker was taken. */
    final LongAdder evictions = new LongAdder();
}
