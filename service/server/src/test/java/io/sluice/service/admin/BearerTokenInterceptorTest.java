package io.sluice.service.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ModelAdmin token check, over a real gRPC connection. */
class BearerTokenInterceptorTest {

    private static final String TOKEN = "0123456789abcdef-admin";

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(),
                        new BearerTokenInterceptor(TOKEN)))
                .build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private Status.Code call(String... authorizations) {
        Metadata headers = new Metadata();
        for (String authorization : authorizations) {
            headers.put(BearerTokenInterceptor.AUTHORIZATION, authorization);
        }
        try {
            HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .check(HealthCheckRequest.getDefaultInstance());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void theRightTokenIsAccepted() {
        assertThat(call("Bearer " + TOKEN)).isEqualTo(Status.Code.OK);
    }

    @Test
    void aWrongTokenFollowedByTheRightOneIsRefused() {
        assertThat(call("Bearer wrong", "Bearer " + TOKEN)).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(call("Bearer " + TOKEN, "Bearer " + TOKEN)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aPeerThatKeepsGuessingIsRefusedEvenWithTheRightTokenForAWhile() {
        for (int i = 0; i < BearerTokenInterceptor.MAX_FAILURES; i++) {
            assertThat(call("Bearer guess-" + i)).isEqualTo(Status.Code.UNAUTHENTICATED);
        }

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
                HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(TOKEN)))
                        .check(HealthCheckRequest.getDefaultInstance()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains("too many failed").contains("retry after");
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(BearerTokenInterceptor.AUTHORIZATION, "Bearer " + token);
        return headers;
    }
}
