package io.sluice.service;

import static io.sluice.service.config.SettingsCatalog.ADMIN_BIND_ADDRESS;
import static io.sluice.service.config.SettingsCatalog.ADMIN_PORT;
import static io.sluice.service.config.SettingsCatalog.GRPC_BIND_ADDRESS;
import static io.sluice.service.config.SettingsCatalog.GRPC_PORT;
import static io.sluice.service.config.SettingsCatalog.THRIFT_BIND_ADDRESS;
import static io.sluice.service.config.SettingsCatalog.THRIFT_PORT;

import io.sluice.service.config.ConfigException;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP ports a configuration listens on, checked before any of them is opened: a taken port is reported with
 * the setting that changes it, every taken port at once, instead of as a bind failure half-way through start-up.
 */
public final class ListenPorts {

    /** One configured listening port and the settings it comes from. */
    public record Port(String setting, String bindAddressSetting, String bindAddress, int port) {

        /** How the port can be changed: the setting, or its environment variable. */
        String howToChange() {
            return "set " + setting + " or " + Settings.environmentVariable(setting) + " to another port";
        }
    }

    /** Thrown when a configured port cannot be opened; the message names each one and its setting, on one line. */
    public static final class UnavailableException extends BindException {

        UnavailableException(String message) {
            super(message);
        }
    }

    private ListenPorts() {
    }

    /** The ports {@code config} opens: gRPC, admin HTTP, and Thrift when enabled. Port 0 (any free port) included. */
    public static List<Port> of(SluiceConfig config) {
        List<Port> ports = new ArrayList<>();
        ports.add(new Port(GRPC_PORT.key(), GRPC_BIND_ADDRESS.key(), config.grpc().bindAddress(),
                config.grpc().port()));
        ports.add(new Port(ADMIN_PORT.key(), ADMIN_BIND_ADDRESS.key(), config.admin().bindAddress(),
                config.admin().port()));
        if (config.thriftEnabled()) {
            ports.add(new Port(THRIFT_PORT.key(), THRIFT_BIND_ADDRESS.key(), config.thrift().bindAddress(),
                    config.thrift().port()));
        }
        return ports;
    }

    /**
     * Checks that every configured non-zero port can be opened, by opening and closing each in turn.
     *
     * @throws ConfigException      when a bind address is not a host name or address, or two endpoints share a port
     * @throws UnavailableException naming every port that is taken or cannot be opened
     */
    public static void requireAvailable(SluiceConfig config) throws UnavailableException {
        List<Port> ports = of(config);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            Port port = ports.get(i);
            if (port.port() == 0) {
                continue;
            }
            for (Port earlier : ports.subList(0, i)) {
                if (earlier.port() == port.port() && overlap(earlier.bindAddress(), port.bindAddress())) {
                    throw new ConfigException(earlier.setting() + " and " + port.setting() + " are both " + port.port()
                            + "; each endpoint needs a port of its own");
                }
            }
            String problem = problem(port);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnavailableException(String.join("; ", problems));
        }
    }

    /** Whether two bind addresses would compete for the same port: the same address, or either is a wildcard. */
    private static boolean overlap(String a, String b) {
        return a.equals(b) || isWildcard(a) || isWildcard(b);
    }

    private static boolean isWildcard(String address) {
        return address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    /** Why {@code port} cannot be opened, or null when it can. */
    private static String problem(Port port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(port.bindAddress());
        } catch (UnknownHostException e) {
            throw new ConfigException(port.bindAddressSetting() + " must be an address or host name of this machine, "
                    + "got '" + port.bindAddress() + "'");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the servers do, so a port in TIME_WAIT is not reported as taken
            socket.bind(new InetSocketAddress(address, port.port()));
            return null;
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("in use")) {
                return port.setting() + " " + port.port() + " on " + port.bindAddress() + " is already in use ("
                        + port.howToChange() + ")";
            }
            if (reason.contains("assign requested address")) {
                return port.bindAddressSetting() + " " + port.bindAddress() + " is not an address of this machine";
            }
            return port.setting() + " " + port.port() + " on " + port.bindAddress() + " cannot be opened: " + reason
                    + " (" + port.howToChange() + ")";
        } catch (IOException e) {
            return port.setting() + " " + port.port() + " on " + port.bindAddress() + " cannot be opened: "
                    + e.getMessage();
        }
    }
}
