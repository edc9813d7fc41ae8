package io.sluice.service;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.sluice.service.config.AdminConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-HTTP operations endpoint for probes that cannot speak gRPC health (NLB target groups, ECS, curl):
 * {@code /livez} answers 200 while the process runs; {@code /readyz} answers 200 only while a model is loaded and
 * the server is not draining, else 503; further routes (such as {@code /metrics}) are added with {@link #route}.
 * Paths match exactly (a query string is ignored); anything else is 404.
 *
 * <p>Built so that no client can keep a probe from being answered: one selector thread reads requests and writes
 * answers without blocking, so a client that stalls mid-request or never reads holds no thread; a connection gets
 * {@link AdminConfig#requestTimeout()} for the whole exchange; at {@link AdminConfig#maxConnections()} the
 * connection that has waited longest is dropped to admit the new one. The probes are answered on the selector
 * thread itself; other routes run on a worker thread, so a slow scrape never queues a probe. Every answer closes
 * its connection (HTTP/1.1 {@code Connection: close}); requests larger than 8 KiB are refused.
 */
public final class AdminHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final int MAX_REQUEST_HEAD_BYTES = 8 * 1024;
    private static final long MAX_SELECT_MILLIS = 1_000;

    /** One request: method, exact path, raw query (or null) and headers by lower-case name. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers) {

        /** Values of a header, in arrival order. */
        public List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** An answer: status, extra headers and body (Content-Length and Connection are set by the server). */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        static Response text(int status, String body) {
            return new Response(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers a request from memory; it must not block on I/O. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException;
    }

    private record Route(Handler handler, boolean onSelectorThread) {
    }

    private enum State { READING, HANDLING, WRITING, CLOSING, CLOSED }

    private final long timeoutNanos;
    private final int maxConnections;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final int port;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** Open connections, oldest first; touched by the selector thread only. */
    private final Set<Connection> connections = new LinkedHashSet<>();
    /** Work handed to the selector thread (answers computed by workers). */
    private final Queue<Runnable> selectorTasks = new ConcurrentLinkedQueue<>();
    private final ExecutorService workers;
    private Thread selectorThread;
    private volatile boolean running;

    public AdminHttpServer(AdminConfig config, BooleanSupplier ready) throws IOException {
        this.timeoutNanos = config.requestTimeout().toNanos();
        this.maxConnections = config.maxConnections();
        this.listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
            listener.configureBlocking(false);
            this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            this.selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        this.workers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "admin-http-worker");
            thread.setDaemon(true);
            return thread;
        });
        routes.put("/livez", new Route(request -> Response.text(200, "live\n"), true));
        routes.put("/readyz", new Route(request -> ready.getAsBoolean() ? Response.text(200, "ready\n")
                : Response.text(503, "not ready\n"), true));
    }

    /** Adds a handler answering exactly {@code path} (run on a worker thread). */
    public void route(String path, Handler handler) {
        routes.put(path, new Route(handler, false));
    }

    /** Serves Prometheus scrapes at exactly {@code path}, with the Prometheus client's content negotiation. */
    public void route(String path, PrometheusScrapeHandler metrics) {
        route(path, request -> {
            ScrapeExchange exchange = new ScrapeExchange(request);
            metrics.handleRequest(exchange);
            return exchange.response();
        });
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        selectorThread = new Thread(this::run, "admin-http");
        selectorThread.setDaemon(true);
        selectorThread.start();
    }

    public int port() {
        return port;
    }

    public synchronized void stop() {
        running = false;
        selector.wakeup();
        if (selectorThread != null) {
            try {
                selectorThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeQuietly();
        }
        workers.shutdownNow();
    }

    private void run() {
        try {
            while (running) {
                selector.select(selectTimeoutMillis());
                Runnable task;
                while ((task = selectorTasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                expire();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("admin HTTP endpoint stopped: {}", e.toString());
        } finally {
            closeQuietly();
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept();
            return;
        }
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                connection.onReadable();
            }
            if (key.isValid() && key.isWritable()) {
                connection.onWritable();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("admin HTTP connection dropped: {}", e.toString());
            connection.close();
        }
    }

    private void accept() {
        SocketChannel channel;
        try {
            while ((channel = listener.accept()) != null) {
                if (connections.size() >= maxConnections) {
                    // The oldest connection is the one most likely to be stalled; a probe is always new.
                    Connection oldest = connections.iterator().next();
                    LOG.debug("admin HTTP: {} connections open; dropping the oldest", connections.size());
                    oldest.close();
                }
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection connection = new Connection(channel, System.nanoTime() + timeoutNanos);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connections.add(connection);
            }
        } catch (IOException e) {
            LOG.debug("admin HTTP accept failed: {}", e.toString());
        }
    }

    /** Closes connections past their deadline. */
    private void expire() {
        long now = System.nanoTime();
        List<Connection> late = new ArrayList<>();
        for (Connection connection : connections) {
            if (now - connection.deadline >= 0) {
                late.add(connection);
            }
        }
        for (Connection connection : late) {
            LOG.debug("admin HTTP connection closed after {} ms in state {}", timeoutNanos / 1_000_000,
                    connection.state);
            connection.close();
        }
    }

    private long selectTimeoutMillis() {
        long now = System.nanoTime();
        long millis = MAX_SELECT_MILLIS;
        for (Connection connection : connections) {
            millis = Math.min(millis, TimeUnit.NANOSECONDS.toMillis(connection.deadline - now) + 1);
        }
        return Math.max(1, millis);
    }

    private void closeQuietly() {
        for (Connection connection : new ArrayList<>(connections)) {
            connection.close();
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the admin HTTP listener: {}", e.toString());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the admin HTTP selector: {}", e.toString());
        }
    }

    private static Response answer(Route route, Request request) {
        try {
            return route.handler().handle(request);
        } catch (IOException | RuntimeException e) {
            LOG.warn("admin HTTP {} failed: {}", request.path(), e.toString());
            return Response.text(500, "internal error\n");
        }
    }

    /** One connection: read the request head, answer once, then close. Selector thread only. */
    private final class Connection {

        private final SocketChannel channel;
        private final long deadline;
        private final ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST_HEAD_BYTES);
        private SelectionKey key;
        private State state = State.READING;
        private boolean head;
        private ByteBuffer out;

        Connection(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }

        void onReadable() throws IOException {
            if (state == State.CLOSING) {
                // The answer is out; discard whatever the client still sends until it closes (closing with unread
                // input would reset the connection and could destroy the answer in flight).
                in.clear();
                if (channel.read(in) < 0) {
                    close();
                }
                return;
            }
            if (state != State.READING) {
                return;
            }
            if (channel.read(in) < 0) {
                close();
                return;
            }
            int end = headEnd();
            if (end < 0) {
                if (!in.hasRemaining()) {
                    respond(Response.text(431, "request head larger than " + MAX_REQUEST_HEAD_BYTES + " bytes\n"));
                }
                return;
            }
            Request request;
            try {
                request = parse(new String(in.array(), 0, end, StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                respond(Response.text(400, "bad request: " + e.getMessage() + "\n"));
                return;
            }
            head = request.method().equals("HEAD");
            dispatch(request);
        }

        void onWritable() throws IOException {
            if (state != State.WRITING) {
                return;
            }
            channel.write(out);
            if (!out.hasRemaining()) {
                channel.shutdownOutput();
                state = State.CLOSING;
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        private void dispatch(Request request) throws IOException {
            Route route = routes.get(request.path());
            if (route == null) {
                respond(Response.text(404, "not found\n"));
            } else if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                respond(new Response(405, Map.of("Allow", "GET, HEAD"), new byte[0]));
            } else if (route.onSelectorThread()) {
                respond(answer(route, request));
            } else {
                state = State.HANDLING;
                key.interestOps(0);
                try {
                    workers.execute(() -> {
                        Response response = answer(route, request);
                        selectorTasks.add(() -> {
                            if (state == State.HANDLING) {
                                try {
                                    respond(response);
                                } catch (IOException | RuntimeException e) {
                                    LOG.debug("admin HTTP connection dropped: {}", e.toString());
                                    close();
                                }
                            }
                        });
                        selector.wakeup();
                    });
                } catch (RejectedExecutionException e) {
                    respond(Response.text(503, "shutting down\n"));
                }
            }
        }

        private void respond(Response response) throws IOException {
            StringBuilder headers = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                    .append(reason(response.status())).append("\r\n");
            response.headers().forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")) {
                    headers.append(name).append(": ").append(value).append("\r\n");
                }
            });
            headers.append("Content-Length: ").append(response.body().length).append("\r\n")
                    .append("Connection: close\r\n\r\n");
            byte[] top = headers.toString().getBytes(StandardCharsets.ISO_8859_1);
            out = ByteBuffer.allocate(top.length + (head ? 0 : response.body().length));
            out.put(top);
            if (!head) {
                out.put(response.body());
            }
            out.flip();
            state = State.WRITING;
            key.interestOps(SelectionKey.OP_WRITE);
            onWritable();
        }

        /** Index just past the blank line ending the request head, or -1. */
        private int headEnd() {
            byte[] bytes = in.array();
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    if (i + 1 < in.position() && bytes[i + 1] == '\n') {
                        return i + 2;
                    }
                    if (i + 2 < in.position() && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                        return i + 3;
                    }
                }
            }
            return -1;
        }

        void close() {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            connections.remove(this);
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing an admin HTTP connection: {}", e.toString());
            }
        }
    }

    /** Parses a request head: request line, then header lines. */
    static Request parse(String head) {
        String[] lines = head.split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith("/")
                || !requestLine[0].chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("malformed request line");
        }
        String target = requestLine[1];
        int question = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("malformed header line");
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        return new Request(requestLine[0], question < 0 ? target : target.substring(0, question),
                question < 0 ? null : target.substring(question + 1), headers);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    /** Runs the Prometheus client's scrape handler against a request held in memory, capturing its answer. */
    private static final class ScrapeExchange
            implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

        private final Request request;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = 500;

        ScrapeExchange(Request request) {
            this.request = request;
        }

        Response response() {
            return new Response(status, headers, body.toByteArray());
        }

        @Override
        public PrometheusHttpRequest getRequest() {
            return this;
        }

        @Override
        public PrometheusHttpResponse getResponse() {
            return this;
        }

        @Override
        public void handleException(IOException e) throws IOException {
            throw e;
        }

        @Override
        public void handleException(RuntimeException e) {
            throw e;
        }

        @Override
        public void close() {
        }

        @Override
        public String getQueryString() {
            return request.query();
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return Collections.enumeration(request.header(name));
        }

        @Override
        public String getMethod() {
            return request.method();
        }

        @Override
        public String getRequestPath() {
            return request.path();
        }

        @Override
        public void setHeader(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
            status = statusCode;
            return body;
        }
    }
}
