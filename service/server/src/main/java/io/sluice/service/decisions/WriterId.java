package io.sluice.service.decisions;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What makes this process's decision-log file names unique among replicas: host name and process id. */
final class WriterId {

    private WriterId() {
    }

    static String ofThisProcess() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        // File names and S3 keys: keep to characters that need no escaping anywhere.
        return host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + ProcessHandle.current().pid();
    }
}
