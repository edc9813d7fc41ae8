package io.sluice.service.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice health}: one grpc.health.v1 check, for container health checks (exit 0 only when SERVING). */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Ask a Sluice gRPC endpoint's grpc.health.v1 service for its status. Exits 0 when it is "
                + "SERVING and 1 otherwise (NOT_SERVING, unknown service, unreachable), as container health "
                + "checks (Docker HEALTHCHECK, ECS) expect.")
public final class HealthCommand implements Callable<Integer>, ServerClient {

    @Option(names = "--target", defaultValue = "127.0.0.1:50051", description = "host:port (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--service", defaultValue = "",
            description = "Service to ask about, e.g. sluice.v1.Scorer (default: the whole server).")
    String service;

    // Generous: the deadline also covers the fresh JVM connecting, which takes seconds on a loaded machine.
    @Option(names = "--deadline-ms", defaultValue = "5000", description = "Call deadline (default: ${DEFAULT-VALUE}).")
    long deadlineMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String subject = target + (service.isEmpty() ? "" : " service " + service);
        ClientLogging.quiet();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build())
                    .getStatus();
            if (status == ServingStatus.SERVING) {
                spec.commandLine().getOut().println(subject + ": SERVING");
                return 0;
            }
            spec.commandLine().getErr().println("sluice health: " + subject + " is " + status);
            return 1;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                throw e; // unreachable: SluiceCommandLine's handler names the address and exits 1
            }
            spec.commandLine().getErr().println("sluice health: " + subject + " did not answer: "
                    + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            return 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String serverAddress() {
        return target;
    }

    @Override
    public String addressOptions() {
        return "--target sets the address";
    }
}
