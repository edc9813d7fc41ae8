package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.sluice.api.v1.ScorerGrpc;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS on the gRPC endpoint, with certificates generated for the test. */
class GrpcTlsTest {

    @TempDir
    Path dir;

    private static String score(int port, ChannelCredentials credentials) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials).build();
        try {
            return ScorerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .score(Requests.scoreRequest("tls", "3358")).getModelVersion();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void tlsServesClientsThatTrustItsCaAndRefusesPlaintext() throws Exception {
        TestCertificates ca = new TestCertificates(dir, "sluice-test-ca");
        TestCertificates.Identity server = ca.issue("server");
        try (RunningServer running = RunningServer.start(Map.of(
                "grpc.tls.cert-chain-file", server.certificate().toString(),
                "grpc.tls.private-key-file", server.privateKey().toString()))) {
            int port = running.server.grpcPort();

            assertThat(score(port, TlsChannelCredentials.newBuilder().trustManager(ca.caCertificate().toFile()).build()))
                    .isNotEmpty();
            assertThatThrownBy(() -> score(port, InsecureChannelCredentials.create()))
                    .isInstanceOf(StatusRuntimeException.class);
        }
    }

    @Test
    void mutualTlsAcceptsOnlyClientsWithACertificateFromTheClientCa() throws Exception {
        TestCertificates ca = new TestCertificates(dir, "sluice-test-ca");
        TestCertificates strangers = new TestCertificates(dir, "other-ca");
        TestCertificates.Identity server = ca.issue("server");
        TestCertificates.Identity client = ca.issue("auction-server");
        TestCertificates.Identity impostor = strangers.issue("impostor");
        try (RunningServer running = RunningServer.start(Map.of(
                "grpc.tls.cert-chain-file", server.certificate().toString(),
                "grpc.tls.private-key-file", server.privateKey().toString(),
                "grpc.tls.client-ca-file", ca.caCertificate().toString()))) {
            int port = running.server.grpcPort();
            TlsChannelCredentials.Builder trusting = TlsChannelCredentials.newBuilder()
                    .trustManager(ca.caCertificate().toFile());

            assertThat(score(port, trusting.keyManager(client.certificate().toFile(), client.privateKey().toFile())
                    .build())).isNotEmpty();
            assertThatThrownBy(() -> score(port, TlsChannelCredentials.newBuilder()
                    .trustManager(ca.caCertificate().toFile()).build()))
                    .isInstanceOf(StatusRuntimeException.class);
            assertThatThrownBy(() -> score(port, TlsChannelCredentials.newBuilder()
                    .trustManager(ca.caCertificate().toFile())
                    .keyManager(impostor.certificate().toFile(), impostor.privateKey().toFile()).build()))
                    .isInstanceOf(StatusRuntimeException.class);
        }
    }
}
