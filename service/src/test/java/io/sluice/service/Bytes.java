package io.sluice.service;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A pass-through marshaller, so tests can send bytes that are not valid messages. */
final class Bytes implements MethodDescriptor.Marshaller<byte[]> {

    static final Bytes MARSHALLER = new Bytes();

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
