package dev.sextant.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Redis that can be made to fail the way a real one does, for tests: a TCP server on 127.0.0.1
 * that stands between a service and the real Redis ({@link TestInfra#redisUrl()}).
 *
 * <ul>
 *   <li>{@link #thaw()} (the initial state): bytes are passed both ways; the service sees the real Redis.</li>
 *   <li>{@link #freeze()}: like a Redis stopped with SIGSTOP. Connections are still accepted, nothing is
 *       answered: what the client sends is held (not lost) until {@link #thaw()}, as the kernel holds
 *       it for a stopped process.</li>
 *   <li>{@link #kill()}: Redis is gone. Every connection is closed and new ones are refused (the port is
 *       closed). {@link #thaw()} listens again on the same port and passes bytes again.</li>
 * </ul>
 *
 * Each connection uses two daemon threads; {@link #close()} stops everything.
 */
public final class FrozenRedis implements AutoCloseable {

    private enum Mode { PASS, FROZEN, KILLED }

    private final InetSocketAddress upstream;
    private final String userInfo; // the upstream URL's credentials (":password"), passed on in url()
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object modeLock = new Object();
    private Mode mode = Mode.PASS; // guarded by modeLock
    private volatile ServerSocket server;
    private volatile boolean closed;

    private FrozenRedis(InetSocketAddress upstream, String userInfo) {
        this.upstream = upstream;
        this.userInfo = userInfo;
        this.server = listen(0);
        this.port = server.getLocalPort();
        acceptLoop(server);
    }

    /** A proxy in front of the test infrastructure's Redis, passing bytes. */
    public static FrozenRedis start() {
        URI redis = URI.create(TestInfra.redisUrl());
        return new FrozenRedis(new InetSocketAddress(redis.getHost(), redis.getPort()), redis.getRawUserInfo());
    }

    /** A Redis that accepts connections and never answers (frozen from the start, no real Redis behind it). */
    public static FrozenRedis frozen() {
        FrozenRedis redis = new FrozenRedis(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), null);
        redis.freeze();
        return redis;
    }

    /**
     * The URL to give the client, e.g. {@code redis://127.0.0.1:41234}, with the real Redis' credentials
     * when its URL has some ({@code redis://:secret@127.0.0.1:41234}).
     */
    public String url() {
        return "redis://" + (userInfo == null || userInfo.isEmpty() ? "" : userInfo + "@") + "127.0.0.1:" + port;
    }

    /** The password of the real Redis' URL, null when it has none. */
    public String password() {
        if (userInfo == null || userInfo.isEmpty()) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        return java.net.URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    public int port() {
        return port;
    }

    /** Stops answering (connections still accepted, bytes held). */
    public void freeze() {
        synchronized (modeLock) {
            requireOpen();
            if (mode == Mode.KILLED) {
                server = listen(port);
                acceptLoop(server);
            }
            mode = Mode.FROZEN;
        }
    }

    /** Closes every connection and the port: connecting is refused. */
    public void kill() {
        synchronized (modeLock) {
            requireOpen();
            mode = Mode.KILLED;
            closeQuietly(server);
            sockets.forEach(FrozenRedis::closeQuietly);
            sockets.clear();
            modeLock.notifyAll();
        }
    }

    /** Passes bytes again (after a freeze, what was held is delivered; after a kill, the port is open again). */
    public void thaw() {
        synchronized (modeLock) {
            requireOpen();
            if (mode == Mode.KILLED) {
                server = listen(port);
                acceptLoop(server);
            }
            mode = Mode.PASS;
            modeLock.notifyAll();
        }
    }

    @Override
    public void close() {
        synchronized (modeLock) {
            closed = true;
            mode = Mode.KILLED;
            modeLock.notifyAll();
        }
        closeQuietly(server);
        sockets.forEach(FrozenRedis::closeQuietly);
        sockets.clear();
    }

    private ServerSocket listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("FrozenRedis cannot listen on 127.0.0.1:" + onPort, e);
        }
    }

    private void acceptLoop(ServerSocket listening) {
        Thread.ofPlatform().daemon().name("frozen-redis-accept-" + port).start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    sockets.add(client);
                    Thread.ofPlatform().daemon().name("frozen-redis-conn").start(() -> connect(client));
                } catch (IOException e) {
                    return; // closed by kill() or close()
                }
            }
        });
    }

    private void connect(Socket client) {
        // Frozen: hold the connection without reading; wait until bytes may pass (or it is closed).
        if (!awaitPassing()) {
            closeQuietly(client);
            return;
        }
        Socket redis = new Socket();
        try {
            redis.connect(upstream, 2000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(redis);
            return;
        }
        sockets.add(redis);
        Thread.ofPlatform().daemon().name("frozen-redis-up").start(() -> pump(client, redis));
        pump(redis, client);
    }

    /** Copies {@code from} to {@code to}, holding each chunk while frozen; closes both at the end. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitPassing()) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed (kill, close, or the peer): end this connection
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** Blocks while frozen; true when bytes may pass, false when killed or closed. */
    private boolean awaitPassing() {
        synchronized (modeLock) {
            while (mode == Mode.FROZEN) {
                try {
                    modeLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return mode == Mode.PASS;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this FrozenRedis is closed");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
