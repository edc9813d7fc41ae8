package io.sluice.service;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports free now, for a server started in a child process, which cannot report the ports it chose. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * {@code count} different free ports. The sockets are all held open until every port is chosen: closed one at a
     * time, the system may hand the same port out twice.
     */
    static int[] distinct(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
