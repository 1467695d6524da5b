package dev.sextant.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake against the real Redis of the test infrastructure, spoken to in plain RESP. */
class FrozenRedisTest {
    private final FrozenRedis redis = FrozenRedis.start();

    @AfterEach
    void close() {
        redis.close();
    }

    /** A connection through the fake. */
    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", redis.port()), 2000);
        socket.setSoTimeout(3000);
        return socket;
    }

    /** AUTH when the real Redis wants a password (SEXTANT_REDIS_URL carries it). */
    private void authenticate(Socket socket) throws IOException {
        if (redis.password() != null) {
            send(socket, "AUTH " + redis.password());
            assertThat(line(socket)).isEqualTo("+OK");
        }
    }

    private static void send(Socket socket, String command) throws IOException {
        socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String line(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder out = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    @Test
    void passesBytesToTheRealRedis() throws IOException {
        try (Socket socket = connect()) {
            authenticate(socket);
            send(socket, "PING");
            assertThat(line(socket)).isEqualTo("+PONG");
        }
    }

    @Test
    void frozenItAcceptsButNeverAnswersAndDeliversWhatItHeldWhenThawed() throws IOException {
        try (Socket socket = connect()) {
            authenticate(socket);
            redis.freeze();
            socket.setSoTimeout(500);
            send(socket, "PING");
            assertThatThrownBy(() -> line(socket)).isInstanceOf(SocketTimeoutException.class);

            redis.thaw();
            socket.setSoTimeout(3000);
            assertThat(line(socket)).as("the PING sent while frozen is answered after the thaw").isEqualTo("+PONG");
        }
    }

    @Test
    void killedItClosesConnectionsAndRefusesNewOnesUntilThawed() throws IOException {
        try (Socket socket = connect()) {
            authenticate(socket);
            send(socket, "PING");
            assertThat(line(socket)).isEqualTo("+PONG");

            redis.kill();
            assertThat(socket.getInputStream().read()).as("the open connection is closed").isEqualTo(-1);
        }
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);

        redis.thaw();
        try (Socket socket = connect()) {
            authenticate(socket);
            send(socket, "PING");
            assertThat(line(socket)).isEqualTo("+PONG");
        }
    }
}
