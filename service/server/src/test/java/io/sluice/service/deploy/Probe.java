package io.sluice.service.deploy;

import java.util.List;

/**
 * A health check that a manifest declares, with the port the service listens on for it under that manifest's
 * configuration. {@code requiresModel}: healthy only while a model is loaded and the server is not draining.
 */
sealed interface Probe {

    String name();

    int declaredPort();

    int servicePort();

    boolean requiresModel();

    /** An HTTP GET on the admin endpoint (Kubernetes httpGet, NLB target group health check). */
    record HttpGet(String name, int declaredPort, int servicePort, String path, boolean requiresModel)
            implements Probe {
    }

    /** A grpc.health.v1 Check (Kubernetes grpc probe); an empty service means the whole server. */
    record GrpcHealth(String name, int declaredPort, int servicePort, String service, boolean requiresModel)
            implements Probe {
    }

    /** A {@code sluice health ...} command run in the container (Docker HEALTHCHECK, ECS health check). */
    record HealthCommand(String name, List<String> arguments, int servicePort, boolean requiresModel)
            implements Probe {

        /** The port of the {@code --target host:port} argument. */
        @Override
        public int declaredPort() {
            String target = ServiceContract.healthTarget(arguments);
            return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
        }
    }
}
