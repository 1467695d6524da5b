package dev.sextant.deploy.image;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container health check command (an exec-form argument list) on this machine against a throwaway HTTP server
 * on 127.0.0.1 that answers {@code path} with {@code status} (every other path with 404), and returns its exit code.
 */
public final class HealthcheckRunner {

    private HealthcheckRunner() {
    }

    /** The server's port is passed to the command by {@code portFor}, which turns it into the argument list to run. */
    public static int run(String path, int status, java.util.function.IntFunction<List<String>> commandForPort,
            Map<String, String> env) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            int code = exchange.getRequestURI().getPath().equals(path) ? status : 404;
            byte[] body = ("{\"status\":\"" + (code == 200 ? "UP" : "DOWN") + "\"}").getBytes();
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            ProcessBuilder pb = new ProcessBuilder(commandForPort.apply(port)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("health check did not finish in 20 s: " + pb.command());
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            server.stop(0);
        }
    }
}
