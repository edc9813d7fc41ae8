package io.sluice.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Plain-HTTP operations endpoint for probes that cannot speak gRPC health (NLB target groups, ECS, curl):
 * {@code /livez} answers 200 while the process runs; {@code /readyz} answers 200 only while a model is loaded and
 * the server is not draining, else 503.
 */
public final class AdminHttpServer {

    private final HttpServer server;
    private final ExecutorService executor;

    public AdminHttpServer(String bindAddress, int port, BooleanSupplier ready) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "admin-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/livez", exchange -> respond(exchange, 200, "live\n"));
        server.createContext("/readyz", exchange -> {
            boolean isReady = ready.getAsBoolean();
            respond(exchange, isReady ? 200 : 503, isReady ? "ready\n" : "not ready\n");
        });
    }

    /** Adds a handler under {@code path} (e.g. metrics). */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
